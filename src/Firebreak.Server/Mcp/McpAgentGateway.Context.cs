using System.Text;
using Firebreak.Control;
using Firebreak.Guardrails;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>
/// Resources and prompts through the gateway: context the agent reads, decided like tool calls. Each request is a
/// context read of <see cref="ControlDecider.DecideContextRead"/> (a killed or paused agent reads nothing and its lists
/// come back empty, as its tool list does), and what the upstream returns is checked by the agent's guardrail for
/// retrieved content before the model reads it, as the SDK guard's <c>CheckRetrievedAsync</c> checks a document.
/// </summary>
internal sealed partial class McpAgentGateway
{
    /// <summary>The name resource reads and lists are decided under, as a read tool would be.</summary>
    public const string ResourcesChannel = "resources/read";

    /// <summary>The name prompt fetches and lists are decided under.</summary>
    public const string PromptsChannel = "prompts/get";

    /// <summary>Decides a context read on <paramref name="channel"/> now, from the snapshot this point holds and its lease.</summary>
    public GuardDecision DecideContextRead(string channel)
    {
        var now = _time.GetUtcNow();
        return _decider.DecideContextRead(Volatile.Read(ref _snapshot), AgentId, channel, LeaseAt(now), now);
    }

    public async ValueTask<ListResourcesResult> ListResourcesAsync(CancellationToken cancellationToken) =>
        DecideContextRead(ResourcesChannel).IsExecute ? await _passthrough.ListResourcesAsync(cancellationToken) : new ListResourcesResult { Resources = [] };

    public async ValueTask<ListResourceTemplatesResult> ListResourceTemplatesAsync(CancellationToken cancellationToken) =>
        DecideContextRead(ResourcesChannel).IsExecute ? await _passthrough.ListResourceTemplatesAsync(cancellationToken) : new ListResourceTemplatesResult { ResourceTemplates = [] };

    public async ValueTask<ListPromptsResult> ListPromptsAsync(CancellationToken cancellationToken) =>
        DecideContextRead(PromptsChannel).IsExecute ? await _passthrough.ListPromptsAsync(cancellationToken) : new ListPromptsResult { Prompts = [] };

    public async ValueTask<ReadResourceResult> ReadResourceAsync(ReadResourceRequestParams? request, CancellationToken cancellationToken)
    {
        var uri = request?.Uri ?? throw new McpProtocolException("resources/read needs a uri.", McpErrorCode.InvalidParams);
        Admit(ResourcesChannel, uri);
        var result = await _passthrough.ReadResourceAsync(uri, cancellationToken);
        var outcome = Combine(result.Contents.Select(content => CheckRetrieved(string.IsNullOrEmpty(content.Uri) ? uri : content.Uri, TextOf(content))));
        return Shown(result, outcome, uri);
    }

    public async ValueTask<GetPromptResult> GetPromptAsync(GetPromptRequestParams? request, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? throw new McpProtocolException("prompts/get needs a name.", McpErrorCode.InvalidParams);
        Admit(PromptsChannel, name);
        var result = await _passthrough.GetPromptAsync(request, cancellationToken);

        // The messages are one document: two weak signals split across messages still add up, as in one retrieved page.
        var text = new StringBuilder(result.Description);
        foreach (var message in result.Messages)
        {
            text.AppendLine().Append(message.Content switch
            {
                TextContentBlock block => block.Text,
                EmbeddedResourceBlock embedded => TextOf(embedded.Resource),
                _ => null,
            });
        }

        return Shown(result, CheckRetrieved($"prompt:{name}", text.ToString()), $"prompt {name}");
    }

    /// <summary>Refuses the request with the decision's message, which names the control in force, unless the controls let the agent read.</summary>
    private void Admit(string channel, string target)
    {
        var decision = DecideContextRead(channel);
        if (!decision.IsExecute)
        {
            LogReadRefused(_logger, AgentId, channel, target, decision.Mode);
            throw new McpProtocolException(decision.Message!, McpErrorCode.InvalidRequest);
        }
    }

    private GuardrailOutcome CheckRetrieved(string sourceId, string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return GuardrailOutcome.Clean;
        }

        var outcome = Volatile.Read(ref _guardrails).CheckRetrieved(sourceId, content, Strict);
        Count(outcome);
        return outcome;
    }

    /// <summary>The result with its hits in <c>_meta</c>, as a tool result carries them; withheld, as an error the model reads, when a guardrail blocks it.</summary>
    private T Shown<T>(T result, GuardrailOutcome outcome, string source)
        where T : Result
    {
        if (outcome.IsClean)
        {
            return result;
        }

        LogRetrievedHits(_logger, AgentId, source, string.Join(", ", outcome.Hits.Select(h => $"{h.Guardrail} {h.Verdict} ({h.Detail})")));
        if (outcome.Blocks)
        {
            throw new McpProtocolException(outcome.Message!, McpErrorCode.InvalidRequest);
        }

        return WithHits(result, outcome);
    }

    private static GuardrailOutcome Combine(IEnumerable<GuardrailOutcome> outcomes) =>
        GuardrailOutcome.Of([.. outcomes.SelectMany(o => o.Hits)]);

    // Blobs are scanned when their MIME type says they are text: a model client shows them as text.
    private static string? TextOf(ResourceContents content) => content switch
    {
        TextResourceContents text => text.Text,
        BlobResourceContents blob when IsText(blob.MimeType) => Encoding.UTF8.GetString(blob.DecodedData.Span),
        _ => null,
    };

    private static bool IsText(string? mimeType) =>
        mimeType is not null
        && (mimeType.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || mimeType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || mimeType.Contains("xml", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MCP gateway of agent {AgentId} refused {Channel} of {Target}: the agent is {Mode}")]
    private static partial void LogReadRefused(ILogger logger, string agentId, string channel, string target, ControlMode mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Guardrails of agent {AgentId} hit content of {Source} read through the MCP gateway: {Hits}")]
    private static partial void LogRetrievedHits(ILogger logger, string agentId, string source, string hits);
}
