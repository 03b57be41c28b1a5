using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Ledger;
using Firebreak.Registry;
using Microsoft.Extensions.AI;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Model;
using SupportDesk.Agent.Processing;

namespace SupportDesk.Agent.Guarding;

/// <summary>
/// Runs each ticket under the agent's Firebreak guard: the run starts only if the controls in force let it (a paused
/// agent's ticket is held, a fallback agent serves the fallback of <c>registry.json</c>, a killed one takes no more
/// work), and every tool call goes through the guard via <see cref="SupportAgent"/>'s tool seam. Every call Firebreak
/// blocks is logged. Each run gets the release the guard routes it to (the active one, or a restore's candidate) and
/// the agent builds its prompt and model from that release, so an activation or rollback changes what the agent does
/// from the next ticket on, without a restart. Before the agent's first activation it runs on the prompt it was
/// started with. Dispose it to close the stream and flush records.
/// </summary>
public sealed class GuardedTicketRunner : ITicketRunner, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly AgentGuard _guard;
    private readonly AsyncLocal<ActiveTicket?> _active;
    private readonly SupportAgent _agent;
    private readonly DeskClient _desk;
    private readonly ModelSettings _modelSettings;
    private readonly ConcurrentDictionary<string, Task<SupportAgent>> _byRelease = new(StringComparer.Ordinal);

    private readonly TextWriter _log;

    private GuardedTicketRunner(
        AgentGuard guard, AsyncLocal<ActiveTicket?> active, IChatClient model, ModelSettings modelSettings, DeskClient desk, string systemPrompt, TextWriter log)
    {
        _guard = guard;
        _active = active;
        _desk = desk;
        _modelSettings = modelSettings;
        _log = log;
        _agent = new SupportAgent(Recorded(model), desk, systemPrompt, WrapTools);
        _guard.CallBlocked += OnCallBlocked;
    }

    /// <summary>The guard, for its enforcement point id and kill state.</summary>
    public AgentGuard Guard => _guard;

    /// <summary>Starts the guard (it waits for the first control snapshot) and the agent behind it.</summary>
    /// <param name="settings">Where the guard connects.</param>
    /// <param name="model">The model for runs before the agent's first activation.</param>
    /// <param name="modelSettings">Where a release's non-scripted model is served.</param>
    /// <param name="desk">The backend.</param>
    /// <param name="systemPrompt">The prompt for runs before the agent's first activation.</param>
    /// <param name="log">Where every call Firebreak blocks is logged.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<GuardedTicketRunner> StartAsync(
        GuardSettings settings, IChatClient model, ModelSettings modelSettings, DeskClient desk, string systemPrompt, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);

        // An async local rather than a field: it is set per run and read by the tools' wrappers and the ledger
        // extractors down the same call chain, so it cannot leak into another run.
        var active = new AsyncLocal<ActiveTicket?>();
        var options = new AgentGuardOptions
        {
            ServerUrl = settings.ServerUrl,
            ApiKey = settings.ApiKey,
            AgentId = settings.AgentId,
            PointId = $"{settings.AgentId}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
            Host = Environment.MachineName,
            Version = typeof(SupportAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
        };
        SupportActionDetails.Register(options.ActionDetails, () => active.Value?.Ticket);
        var guard = await AgentGuard.StartAsync(options, cancellationToken).ConfigureAwait(false);
        return new GuardedTicketRunner(guard, active, model, modelSettings, desk, systemPrompt, log);
    }

    public async Task<TicketRunResult> RunAsync(DeskTicket ticket, string correlationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var input = JsonSerializer.SerializeToElement(ticket, Json);
        // Routed by run: the seeded desk has three customers, too few for a 10 % share to land on any of them.
        var start = await _guard.StartRunAsync(input, correlationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        switch (start.Outcome)
        {
            case RunStartOutcome.Held:
                return new TicketRunResult(TicketRunOutcome.Held, $"{start.HeldItem?.Id} {start.Decision.Message}");
            case RunStartOutcome.Fallback when start.HeldItem is { } handoff:
                return new TicketRunResult(TicketRunOutcome.Fallback, $"handed off to a human as {handoff.Id}: {start.Fallback?.Message ?? start.Decision.Message}");
            case RunStartOutcome.Fallback:
                return new TicketRunResult(TicketRunOutcome.Fallback, start.Fallback?.Message ?? start.Decision.Message ?? string.Empty);
            case RunStartOutcome.Killed:
                return new TicketRunResult(TicketRunOutcome.Killed, start.Decision.Message ?? string.Empty);
        }

        var run = start.Run!;
        if (start.Fallback is { Kind: FallbackKind.ReadOnlyTools })
        {
            await _log.WriteLineAsync($"firebreak: ticket {ticket.Id} runs with read tools only: {start.Decision.Message}").ConfigureAwait(false);
        }

        if (!start.Recorded)
        {
            await _log.WriteLineAsync($"firebreak: ticket {ticket.Id} started while Firebreak is unreachable; risky tools fail closed").ConfigureAwait(false);
        }

        // Set inside this async method, so only this run's tool calls see it and it reverts when the method returns.
        _active.Value = new ActiveTicket(FirebreakRunContext.For(run), ticket);
        string answer;
        try
        {
            var agent = run.Release.ReleaseId is { } releaseId ? await AgentForAsync(releaseId).ConfigureAwait(false) : _agent;
            var knowledge = await RetrieveAsync(run.Id, ticket, cancellationToken).ConfigureAwait(false);
            answer = await agent.RunAsync(ticket, correlationId, knowledge, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The run is closed even when the agent fails or is stopped, so no run is left open in the console.
            await EndAsync(run.Id, RunStatus.Failed, null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        // A kill that reached the run mid-way blocked its remaining calls and ended the tool loop; the run says so.
        var killed = _guard.IsKilled;
        await EndAsync(run.Id, killed ? RunStatus.Killed : RunStatus.Completed, answer, cancellationToken).ConfigureAwait(false);
        return new TicketRunResult(killed ? TicketRunOutcome.Killed : TicketRunOutcome.Completed, answer);
    }

    /// <summary>
    /// Held tickets an operator released to this agent, each claimed by this agent's enforcement point before it is
    /// yielded so that it runs once. Run each with <see cref="RunAsync"/>; the controls then in force apply again.
    /// </summary>
    public async IAsyncEnumerable<ReleasedTicket> ReadReleasedAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _guard.ReadRedeliveredAsync(cancellationToken).ConfigureAwait(false))
        {
            var ticket = item.Input.Deserialize<DeskTicket>(Json)
                ?? throw new InvalidOperationException($"Held item {item.Id} holds no ticket.");
            yield return new ReleasedTicket(item.Id, ticket, item.CorrelationId);
        }
    }

    public ValueTask DisposeAsync()
    {
        _guard.CallBlocked -= OnCallBlocked;
        return _guard.DisposeAsync();
    }

    /// <summary>
    /// The agent as <paramref name="releaseId"/> builds it. Releases are immutable, so each is fetched and built once;
    /// a failed fetch is not kept, so the next run tries again.
    /// </summary>
    private async Task<SupportAgent> AgentForAsync(string releaseId)
    {
        var building = _byRelease.GetOrAdd(releaseId, async id =>
        {
            var release = await _guard.Client.GetReleaseAsync(id, _guard.AgentId).ConfigureAwait(false);
            return new SupportAgent(Recorded(ChatClientFactory.Create(release, _modelSettings)), _desk, SupportPrompts.From(release), WrapTools);
        });
        try
        {
            return await building.ConfigureAwait(false);
        }
        catch (Exception)
        {
            _byRelease.TryRemove(new KeyValuePair<string, Task<SupportAgent>>(releaseId, building));
            throw;
        }
    }

    /// <summary>
    /// The knowledge-base documents relevant to the ticket, each through the guard's retrieved-content check before the
    /// model reads it: a document a guardrail blocks reaches the model only as the guard's message. The retrieval is
    /// recorded as a <c>retrieval</c> step naming its sources.
    /// </summary>
    private async Task<IReadOnlyList<string>> RetrieveAsync(string runId, DeskTicket ticket, CancellationToken cancellationToken)
    {
        var documents = await _desk.SearchKnowledgeAsync($"{ticket.Subject}\n{ticket.Body}", cancellationToken).ConfigureAwait(false);
        if (documents.Count == 0)
        {
            return [];
        }

        var shown = new List<string>(documents.Count);
        var withheld = new List<string>();
        foreach (var document in documents)
        {
            var check = await _guard.CheckRetrievedAsync(runId, document.Source, document.Text, cancellationToken).ConfigureAwait(false);
            shown.Add($"[{document.Source}] {check.Content}");
            if (check.Withheld)
            {
                withheld.Add(document.Source);
                await _log.WriteLineAsync($"firebreak: withheld {document.Source} from ticket {ticket.Id}: {check.Content}").ConfigureAwait(false);
            }
        }

        var step = new AppendStepRequest(
            StepKind.Retrieval,
            "knowledge",
            JsonSerializer.SerializeToElement(new { sources = documents.Select(d => d.Source), withheld }, Json),
            [.. documents.Select(d => d.Source)]);
        try
        {
            await _guard.Client.AppendStepAsync(runId, step, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or FirebreakApiException or IOException)
        {
            // The run goes on without its retrieval step rather than failing: the guardrail steps are queued by the guard.
            await _log.WriteLineAsync($"firebreak: could not record the retrieval of ticket {ticket.Id}: {e.Message}").ConfigureAwait(false);
        }

        return shown;
    }

    private Task EndAsync(string runId, RunStatus status, string? answer, CancellationToken cancellationToken) =>
        _guard.EndRunAsync(runId, new EndRunRequest(status, answer is null ? null : JsonSerializer.SerializeToElement(answer, Json)), cancellationToken);

    // Raised on the calling run's flow; the log is synchronized by the caller when it is shared.
    private void OnCallBlocked(object? sender, ToolBlockedEventArgs e) =>
        _log.WriteLine($"firebreak: blocked {e.Call.Tool}{(e.Exception.Decision.FailedClosed ? " (failed closed)" : string.Empty)}: {e.Exception.Message}");

    // Each model call of a run lands in its trace as a model_call step, for the cost-runaway detectors.
    private FirebreakChatClient Recorded(IChatClient model) => new(model, _guard.Client, () => _active.Value?.Run);

    private IList<AITool> WrapTools(IList<AITool> tools) =>
        tools.WithFirebreak(_guard, _active.Value?.Run ?? throw new InvalidOperationException("Tools are created only inside a guarded run."));
}
