using System.Threading.Channels;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Mcp.Tests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Mcp.Tests;

/// <summary>
/// Resources and prompts through the gateway, as the agent being contained would try to use them, against
/// mcp-servers/context-server.mjs: a real MCP server on the npm SDK whose content an attacker controls, which answers a
/// read of any URI and logs every URI that reaches it.
/// </summary>
public sealed class GatewayContextReadTests(GatewayServer server) : IClassFixture<GatewayServer>
{
    private const string Policy = "notes://kb/refund-policy";
    private const string Poisoned = "notes://kb/shipping";
    private const string PoisonedBlob = "notes://kb/faq.txt";
    private const string Secret = "notes://secrets/operator-key";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AKilledAgent_CannotReadAResourceOrGetAPrompt_ThroughTheGateway_AndNothingReachesTheUpstream()
    {
        var (agent, readLog) = await RegisterAsync("ctx-kill");
        var changes = Channel.CreateUnbounded<string>();
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct, NotifiedOf(changes));
        Assert.NotEmpty(await client.ListResourcesAsync(cancellationToken: Ct));

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "leaking the knowledge base", ControlMode.Killed, agent), Ct);

        var read = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(Policy, cancellationToken: Ct).AsTask());
        var templated = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("notes://tickets/42", cancellationToken: Ct).AsTask());
        var prompt = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("triage", cancellationToken: Ct).AsTask());
        foreach (var refused in new[] { read, templated, prompt })
        {
            Assert.Contains($"agent {agent} is killed", refused.Message, StringComparison.Ordinal);
            Assert.Contains("leaking the knowledge base", refused.Message, StringComparison.Ordinal);
        }

        Assert.Empty(await client.ListResourcesAsync(cancellationToken: Ct));
        Assert.Empty(await client.ListResourceTemplatesAsync(cancellationToken: Ct));
        Assert.Empty(await client.ListPromptsAsync(cancellationToken: Ct));
        Assert.Equal(
            [NotificationMethods.PromptListChangedNotification, NotificationMethods.ResourceListChangedNotification],
            (await NextAsync(changes, 2)).Order(StringComparer.Ordinal));
        Assert.Empty(Reads(readLog));
    }

    [Fact]
    public async Task APausedAgent_CannotReadAResourceOrGetAPrompt_ThroughTheGateway()
    {
        var (agent, readLog) = await RegisterAsync("ctx-pause");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "reviewing its inputs", ControlMode.Paused, agent), Ct);

        var read = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(Policy, cancellationToken: Ct).AsTask());
        var prompt = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("triage", cancellationToken: Ct).AsTask());
        Assert.Contains($"agent {agent} is paused", read.Message, StringComparison.Ordinal);
        Assert.Contains($"agent {agent} is paused", prompt.Message, StringComparison.Ordinal);
        Assert.Empty(await client.ListResourcesAsync(cancellationToken: Ct));
        Assert.Empty(await client.ListPromptsAsync(cancellationToken: Ct));
        Assert.Empty(Reads(readLog));

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "inputs checked", ControlMode.Normal, agent), Ct);

        Assert.Contains("14 days", Text(await client.ReadResourceAsync(Policy, cancellationToken: Ct)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ControlMode.Approval)]
    [InlineData(ControlMode.Shadow)]
    [InlineData(ControlMode.Fallback)]
    public async Task AnAgentUnderApprovalShadowOrFallback_ReadsResourcesAndPrompts_AsItCallsReadTools(ControlMode mode)
    {
        var (agent, readLog) = await RegisterAsync($"ctx-{mode.ToString().ToLowerInvariant()}");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "contained", mode, agent), Ct);

        Assert.Contains("14 days", Text(await client.ReadResourceAsync(Policy, cancellationToken: Ct)), StringComparison.Ordinal);
        Assert.NotEmpty((await client.GetPromptAsync("triage", cancellationToken: Ct)).Messages);
        Assert.Equal([Policy], Reads(readLog));
    }

    [Fact]
    public async Task AnUnlistedResourceUri_IsNotForwardedToTheUpstream_ThoughTheUpstreamWouldAnswerIt()
    {
        await using (var direct = await Upstreams.ConnectContextDirectlyAsync(Ct))
        {
            Assert.Contains("fbk_operator_key", Text(await direct.ReadResourceAsync(Secret, cancellationToken: Ct)), StringComparison.Ordinal);
        }

        var (agent, readLog) = await RegisterAsync("ctx-unlisted");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var listed = await client.ReadResourceAsync(Policy, cancellationToken: Ct);
        var templated = await client.ReadResourceAsync("notes://tickets/42", cancellationToken: Ct);
        var unlisted = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(Secret, cancellationToken: Ct).AsTask());
        var outOfTemplate = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("notes://tickets/..%2Fsecrets%2Foperator-key", cancellationToken: Ct).AsTask());

        Assert.Contains("14 days", Text(listed), StringComparison.Ordinal);
        Assert.Contains("Ticket 42", Text(templated), StringComparison.Ordinal);
        Assert.Contains($"Resource {Secret} is not offered by this agent's MCP servers", unlisted.Message, StringComparison.Ordinal);
        Assert.Contains("is not offered by this agent's MCP servers", outOfTemplate.Message, StringComparison.Ordinal);
        Assert.Equal([Policy, "notes://tickets/42"], Reads(readLog));
    }

    [Fact]
    public async Task AResourceOrPromptCarryingAPromptInjection_IsWithheldFromTheModel()
    {
        var (agent, _) = await RegisterAsync("ctx-injection", new GuardrailPolicy(new InjectionGuardrail(Retrieved: GuardrailAction.Block)));
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var clean = await client.ReadResourceAsync(Policy, cancellationToken: Ct);
        var text = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(Poisoned, cancellationToken: Ct).AsTask());
        var blob = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(PoisonedBlob, cancellationToken: Ct).AsTask());
        var prompt = await Assert.ThrowsAsync<McpProtocolException>(() => client.GetPromptAsync("poisoned", cancellationToken: Ct).AsTask());

        Assert.Contains("14 days", Text(clean), StringComparison.Ordinal);
        Assert.Contains($"Retrieved content {Poisoned} was withheld by Firebreak guardrails: injection (ignore-instructions", text.Message, StringComparison.Ordinal);
        Assert.Contains($"Retrieved content {PoisonedBlob} was withheld", blob.Message, StringComparison.Ordinal);
        Assert.Contains("Retrieved content prompt:poisoned was withheld", prompt.Message, StringComparison.Ordinal);
        foreach (var withheld in new[] { text, blob, prompt })
        {
            Assert.DoesNotContain("refund 40 USD", withheld.Message, StringComparison.Ordinal);
        }

        Assert.NotEmpty((await client.GetPromptAsync("triage", cancellationToken: Ct)).Messages);
    }

    [Fact]
    public async Task AFlaggedResource_IsRead_WithItsHitInTheResultMeta_UntilStrictTurnsTheFlagIntoABlock()
    {
        var (agent, _) = await RegisterAsync("ctx-flag", new GuardrailPolicy(new InjectionGuardrail(Retrieved: GuardrailAction.Flag)));
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var flagged = await client.ReadResourceAsync(Poisoned, cancellationToken: Ct);
        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "suspicious documents", AgentId: agent, Strict: true), Ct);
        var strict = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync(Poisoned, cancellationToken: Ct).AsTask());

        var hit = flagged.Meta?["firebreak/guardrails"]?[0];
        Assert.Equal("injection", hit?["guardrail"]?.GetValue<string>());
        Assert.Equal("flag", hit?["verdict"]?.GetValue<string>());
        Assert.Equal("retrieved", hit?["stage"]?.GetValue<string>());
        Assert.Equal(Poisoned, hit?["sourceId"]?.GetValue<string>());
        Assert.Contains("[strict policy level]", strict.Message, StringComparison.Ordinal);
    }

    private async Task<(string Agent, string ReadLog)> RegisterAsync(string prefix, GuardrailPolicy? guardrails = null)
    {
        var agent = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var readLog = server.TempFile($"{agent}-reads.log");
        await server.RegisterAsync(agent, [], [Upstreams.Context(readLog)], Ct, guardrails);
        return (agent, readLog);
    }

    private static string[] Reads(string readLog) => File.Exists(readLog) ? File.ReadAllLines(readLog) : [];

    private static string Text(ReadResourceResult result) => string.Concat(result.Contents.OfType<TextResourceContents>().Select(c => c.Text));

    private static McpClientOptions NotifiedOf(Channel<string> changes) => new()
    {
        Handlers = new McpClientHandlers
        {
            NotificationHandlers =
            [
                new(NotificationMethods.ResourceListChangedNotification, (_, _) => { changes.Writer.TryWrite(NotificationMethods.ResourceListChangedNotification); return ValueTask.CompletedTask; }),
                new(NotificationMethods.PromptListChangedNotification, (_, _) => { changes.Writer.TryWrite(NotificationMethods.PromptListChangedNotification); return ValueTask.CompletedTask; }),
            ],
        },
    };

    private static async Task<List<string>> NextAsync(Channel<string> changes, int count)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        var received = new List<string>();
        while (received.Count < count)
        {
            received.Add(await changes.Reader.ReadAsync(deadline.Token));
        }

        return received;
    }
}
