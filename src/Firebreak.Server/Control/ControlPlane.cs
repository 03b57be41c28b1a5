using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Control;

/// <summary>
/// The node's current control snapshot and the one way to change it. The snapshot is an immutable value swapped
/// atomically, so readers never lock; a change is persisted first and swapped in only once committed.
/// </summary>
internal sealed partial class ControlPlane(
    ControlStore store,
    RegistryStore registry,
    EnforcementPoints points,
    ControlBroadcaster broadcaster,
    IncidentTimeline timeline,
    TimeProvider time,
    ILogger<ControlPlane> logger)
{
    private ControlSnapshot _current = ControlSnapshot.Empty;

    public ControlSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Whether <paramref name="agentId"/>'s releases and configuration must not change.</summary>
    public bool IsFrozen(string agentId) => Current.IsFrozen(agentId);

    /// <summary>Whether <paramref name="agentId"/> is at the strict policy level: guardrails block what they would flag, detectors lower their thresholds.</summary>
    public bool IsStrict(string agentId) => Current.IsStrict(agentId);

    /// <summary>Loads the stored snapshot: at start, and when another node changed it.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.LoadAsync(cancellationToken);

        // The epochs in between may include registry edits committed elsewhere; the streams must send their definitions.
        if (stored.Epoch > Current.Epoch)
        {
            registry.Invalidate();
        }

        if (Publish(stored))
        {
            LogReloaded(logger, stored.Epoch);
        }
    }

    /// <summary>
    /// Validates and expands <paramref name="request"/>, stores it with the next epoch, swaps the snapshot in, pushes
    /// it to every stream, then waits up to <paramref name="wait"/> for the affected enforcement points to acknowledge it.
    /// </summary>
    public async Task<Outcome<ControlChangeResult>> ApplyAsync(ControlChangeRequest request, Caller caller, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Checked before the registry is consulted, so only a well-formed request costs a lookup; the planner's
        // TryResolve then resolves the target without checking the request a second time.
        var errors = ControlChangeValidator.Validate(request);
        if (!errors.IsValid)
        {
            return new Outcome<ControlChangeResult>(null, errors);
        }

        var agent = request.Target == ControlTarget.Global ? null : await registry.GetAsync(request.AgentId!, cancellationToken);
        if (request.Target != ControlTarget.Global && agent is null)
        {
            return new Outcome<ControlChangeResult>(null, NotFound: $"Agent '{request.AgentId}' is not registered.");
        }

        if (!ControlChangePlanner.TryResolve(request, agent, caller.Actor, time.GetUtcNow(), out var change, out errors))
        {
            return request.Target == ControlTarget.Tools
                ? new Outcome<ControlChangeResult>(null, NotFound: errors.ToString())
                : new Outcome<ControlChangeResult>(null, errors);
        }

        if (await timeline.RefuseUnknownAsync(request.IncidentId, cancellationToken) is { } unknownIncident)
        {
            return new Outcome<ControlChangeResult>(null, NotFound: unknownIncident);
        }

        // The change goes on the timeline in its own transaction: a request cancelled, or a node that dies, while the
        // points confirm must not leave a change the incident does not show.
        var (snapshot, recorded) = await store.ApplyAsync(
            change,
            Current,
            applied => change.IncidentId is { } id ? new TimelineAct(id, TimelineKind.Control, caller.Actor, Describe(request, applied), applied) : null,
            cancellationToken);
        var pushedAt = time.GetTimestamp();
        Publish(snapshot);
        LogChanged(logger, recorded.Epoch, caller.Actor, request.Target, request.Mode, request.AgentId);

        IReadOnlySet<string>? agents = agent is null ? null : new HashSet<string>([agent.Id], StringComparer.Ordinal);
        var confirmations = await points.WaitForConfirmationsAsync(recorded.Epoch, agents, pushedAt, wait, cancellationToken);
        var confirmed = confirmations.Count(c => c.Confirmed);
        var result = new ControlChangeResult(recorded.Epoch, change, confirmations, confirmed, confirmations.Count - confirmed);
        await AppendConfirmationsAsync(change.IncidentId, TimelineKind.Control, caller.Actor, recorded.Epoch, confirmations, cancellationToken);
        return new Outcome<ControlChangeResult>(result);
    }

    /// <summary>
    /// Puts the confirmations of <paramref name="epoch"/> on incident <paramref name="incidentId"/>'s timeline, as an
    /// entry of its own after the change's: the change is on the timeline from its commit, the confirmations once known.
    /// </summary>
    public async Task AppendConfirmationsAsync(
        string? incidentId, TimelineKind kind, string actor, long epoch, IReadOnlyList<PointConfirmation> confirmations, CancellationToken cancellationToken)
    {
        if (incidentId is null)
        {
            return;
        }

        var confirmed = confirmations.Count(c => c.Confirmed);
        await timeline.AppendAsync(
            new TimelineAct(incidentId, kind, actor, $"{confirmed} of {confirmations.Count} enforcement points confirmed epoch {epoch}", new { epoch, confirmations }),
            cancellationToken);
    }

    private static string Describe(ControlChangeRequest request, RecordedControlChange recorded)
    {
        var what = request.Freeze is { } freeze
            ? (freeze ? "froze" : "unfroze")
            : request.Strict is { } strict
                ? (strict ? "set the strict policy level" : "returned to the normal policy level")
                : request.Mode is ControlMode.Normal ? "resumed (normal)" : $"set {request.Mode?.ToString().ToLowerInvariant()}";
        var scopes = recorded.Change.Scopes.Count == 0 && request.AgentId is { } agentId
            ? ControlScope.ForAgent(agentId).Key
            : string.Join(", ", recorded.Change.Scopes.Select(s => s.Key));
        return $"{what} on {scopes} at epoch {recorded.Epoch}: {request.Reason}";
    }

    /// <summary>
    /// Stores <paramref name="agent"/>'s new definition as a control change (next epoch, ledger entry, same transaction),
    /// pushes the new epoch, whose stream events carry the definition, and waits up to <paramref name="wait"/> for the
    /// agent's enforcement points to acknowledge it. <see cref="WriteStatus.Conflict"/> while the agent is frozen;
    /// <see cref="WriteStatus.Existing"/>, with no control change, when the definition was already stored exactly so.
    /// </summary>
    public async Task<WriteResult<AgentRegistration>> EditRegistryAsync(AgentDefinition agent, Caller caller, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var (written, confirmations) = await CommitAsync(
            async cached =>
            {
                var result = await registry.EditAsync(agent, "api", caller.Actor, cached, cancellationToken);
                return (result, result.Status == WriteStatus.Created ? result.Value.Snapshot : null);
            },
            agent.Id,
            wait,
            cancellationToken);
        switch (written.Status)
        {
            case WriteStatus.Created:
                var recorded = written.Value.Recorded;
                var confirmed = confirmations.Count(c => c.Confirmed);
                LogRegistryEdited(logger, recorded.Epoch, caller.Actor, agent.Id, recorded.Change.Registry!.DefinitionHash);
                return WriteResult<AgentRegistration>.Created(
                    new AgentRegistration(agent, new ControlChangeResult(recorded.Epoch, recorded.Change, confirmations, confirmed, confirmations.Count - confirmed)));
            case WriteStatus.Existing:
                return WriteResult<AgentRegistration>.Existing(new AgentRegistration(agent, null));
            default:
                return WriteResult<AgentRegistration>.Conflict(written.Detail!);
        }
    }

    /// <summary>
    /// Commits a change written by another feature (a release activation writes its history in the same transaction),
    /// swaps the new snapshot in, pushes it, and waits up to <paramref name="wait"/> for <paramref name="agentId"/>'s
    /// enforcement points to acknowledge it, exactly as for <see cref="ApplyAsync"/>.
    /// </summary>
    /// <param name="write">Writes the change; gets the snapshot this node holds, to save parsing the stored one, and returns the new snapshot, or <see langword="null"/> when it refused to change anything.</param>
    /// <param name="agentId">The agent whose enforcement points must confirm.</param>
    /// <param name="wait">How long to wait for their acknowledgements.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task<(T Written, IReadOnlyList<PointConfirmation> Confirmations)> CommitAsync<T>(
        Func<ControlSnapshot, Task<(T Written, ControlSnapshot? Snapshot)>> write,
        string agentId,
        TimeSpan wait,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var (written, snapshot) = await write(Current);
        if (snapshot is null)
        {
            return (written, []);
        }

        var pushedAt = time.GetTimestamp();
        Publish(snapshot);
        var confirmations = await points.WaitForConfirmationsAsync(snapshot.Epoch, new HashSet<string>([agentId], StringComparer.Ordinal), pushedAt, wait, cancellationToken);
        return (written, confirmations);
    }

    /// <summary>
    /// The part of <paramref name="snapshot"/> an enforcement point of <paramref name="agentId"/> needs: global settings,
    /// its agent's settings, its own freeze, its release routing and its policy level. <see langword="null"/> returns the whole snapshot.
    /// </summary>
    public static ControlSnapshot ViewFor(ControlSnapshot snapshot, string? agentId) =>
        agentId is null
            ? snapshot
            : new ControlSnapshot(
                snapshot.Epoch,
                [.. snapshot.Settings.Where(s => s.Scope.AgentId is null || string.Equals(s.Scope.AgentId, agentId, StringComparison.Ordinal))],
                snapshot.IsFrozen(agentId) ? [agentId] : [],
                snapshot.ReleaseOf(agentId) is { } release ? [release] : [],
                snapshot.IsStrict(agentId) ? [agentId] : []);

    /// <summary>Swaps <paramref name="snapshot"/> in when it is newer than the current one; commits on this and other nodes may arrive out of order.</summary>
    private bool Publish(ControlSnapshot snapshot)
    {
        var current = Volatile.Read(ref _current);
        while (snapshot.Epoch > current.Epoch)
        {
            var seen = Interlocked.CompareExchange(ref _current, snapshot, current);
            if (ReferenceEquals(seen, current))
            {
                broadcaster.Publish(snapshot);
                return true;
            }

            current = seen;
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control epoch {Epoch}: {Actor} set {Target} {Mode} (agent {AgentId})")]
    private static partial void LogChanged(ILogger logger, long epoch, string actor, ControlTarget target, ControlMode? mode, string? agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control epoch {Epoch}: {Actor} changed the definition of agent {AgentId} to {DefinitionHash}")]
    private static partial void LogRegistryEdited(ILogger logger, long epoch, string actor, string agentId, string definitionHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Control snapshot loaded at epoch {Epoch}")]
    private static partial void LogReloaded(ILogger logger, long epoch);
}
