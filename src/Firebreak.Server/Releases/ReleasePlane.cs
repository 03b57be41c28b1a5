using Firebreak.Incidents;
using Firebreak.Regression;
using Firebreak.Releases;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Regression;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;

namespace Firebreak.Server.Releases;

/// <summary>
/// Changes which release an agent runs: activation (behind the regression gate), rollback, and the steps of a gradual
/// restore. Every change travels to the enforcement points as a control change, so the caller learns which points
/// confirmed it, and a frozen agent refuses them all.
/// </summary>
internal sealed partial class ReleasePlane(
    ReleaseStore releases,
    RegressionStore regression,
    RegistryStore registry,
    ControlPlane control,
    IncidentTimeline timeline,
    ILogger<ReleasePlane> logger)
{
    public const int MaxReasonLength = 1000;

    /// <summary>The regression gate on <paramref name="releaseId"/>: every case of the agent and how it stands on the release.</summary>
    public async Task<GateReport> GateAsync(string agentId, string releaseId, CancellationToken cancellationToken) =>
        RegressionGate.Evaluate(
            agentId,
            releaseId,
            await regression.ListAsync(agentId, cancellationToken),
            await regression.ListResultsAsync(agentId, releaseId, cancellationToken));

    public async Task<Outcome<ActivationResult>> ActivateAsync(string agentId, ActivateReleaseRequest request, Caller caller, TimeSpan wait, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Reason, request.IncidentId);
        if (!ReleaseValidator.IsReleaseIdOrPrefix(request.ReleaseId))
        {
            errors.Add("releaseId", "must be a release id or a prefix of at least 8 of its characters");
        }

        errors.MaxLength("overrideGate", request.OverrideGate, MaxReasonLength);
        if (request.OverrideGate is { } overrideReason && string.IsNullOrWhiteSpace(overrideReason))
        {
            errors.Add("overrideGate", "must give the reason for overriding the regression gate");
        }

        if (!errors.IsValid)
        {
            return new Outcome<ActivationResult>(null, errors);
        }

        if (await RefuseAsync(agentId, request.IncidentId, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (release, problem) = await releases.ResolveAsync(agentId, request.ReleaseId, cancellationToken);
        if (release is null)
        {
            return new Outcome<ActivationResult>(null, NotFound: problem);
        }

        var gate = await GateAsync(agentId, release.Id, cancellationToken);
        if (!gate.Open && request.OverrideGate is null)
        {
            return new Outcome<ActivationResult>(null, Gate: gate);
        }

        var outcome = await ChangeAsync(
            agentId,
            state => string.Equals(state.ActiveReleaseId, release.Id, StringComparison.Ordinal) && state.CandidateReleaseId is null
                ? (null, $"Release {release.Id} is already active on agent '{agentId}'.")
                : (new RoutingChange(
                    ActivationKind.Activate,
                    ReleaseTransitions.Activate(state, release.Id),
                    release.Id,
                    caller.Actor,
                    request.Reason,
                    request.IncidentId,
                    gate.Open ? null : request.OverrideGate), null),
            gate,
            wait,
            cancellationToken);
        if (outcome.Value is not null && !gate.Open)
        {
            LogGateOverridden(logger, caller.Actor, agentId, release.Id, request.OverrideGate!);
        }

        return outcome;
    }

    public async Task<Outcome<ActivationResult>> RollbackAsync(string agentId, RollbackRequest request, Caller caller, TimeSpan wait, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Reason, request.IncidentId);
        if (request.To is not null && !ReleaseValidator.IsReleaseIdOrPrefix(request.To))
        {
            errors.Add("to", "must be a release id or a prefix of at least 8 of its characters");
        }

        if (!errors.IsValid)
        {
            return new Outcome<ActivationResult>(null, errors);
        }

        if (await RefuseAsync(agentId, request.IncidentId, cancellationToken) is { } refused)
        {
            return refused;
        }

        string? to = null;
        if (request.To is { } named)
        {
            var (release, problem) = await releases.ResolveAsync(agentId, named, cancellationToken);
            if (release is null)
            {
                return new Outcome<ActivationResult>(null, NotFound: problem);
            }

            to = release.Id;
        }

        return await ChangeAsync(
            agentId,
            state => ReleaseTransitions.Rollback(state, to, out var refusal) is { } next
                ? (new RoutingChange(ActivationKind.Rollback, next, next.ActiveReleaseId!, caller.Actor, request.Reason, request.IncidentId), null)
                : (null, refusal),
            null,
            wait,
            cancellationToken);
    }

    /// <summary>
    /// Plans and stores a routing change with its entry on the incident's timeline, pushes it, waits for the agent's
    /// points and puts their confirmations on the timeline after it. The freeze is checked inside the write, against
    /// the snapshot the change builds on.
    /// </summary>
    /// <param name="agentId">The agent whose routing changes.</param>
    /// <param name="plan">Plans the change from the stored state, or refuses it with a detail.</param>
    /// <param name="gate">The regression gate the change was judged by, if any; its failing cases go on the timeline when the change overrides it.</param>
    /// <param name="wait">How long to wait for the agent's points to confirm.</param>
    /// <param name="cancellationToken">Cancels the wait; the change and its timeline entry commit together or not at all.</param>
    public async Task<Outcome<ActivationResult>> ChangeAsync(
        string agentId,
        Func<AgentReleaseState, (RoutingChange? Change, string? Refusal)> plan,
        GateReport? gate,
        TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var (written, confirmations) = await control.CommitAsync(
            async cached =>
            {
                var result = await releases.ChangeRoutingAsync(
                    agentId,
                    (state, snapshot) => snapshot.IsFrozen(agentId)
                        ? (null, $"Agent '{agentId}' is frozen: no release may change until an operator unfreezes it.")
                        : plan(state),
                    cached,
                    activation => activation.IncidentId is { } incidentId
                        ? new TimelineAct(incidentId, TimelineKind.Release, activation.Actor, Describe(activation, gate), new { activation, gate = activation.GateOverride is null ? null : gate })
                        : null,
                    cancellationToken);
                return (result, result.Status == WriteStatus.Created ? result.Value.Snapshot : null);
            },
            agentId,
            wait,
            cancellationToken);
        if (written.Status != WriteStatus.Created)
        {
            return new Outcome<ActivationResult>(null, Conflict: written.Detail);
        }

        var (activation, snapshot) = written.Value;
        LogChanged(logger, activation.Epoch, activation.Actor, activation.Kind, agentId, activation.ToReleaseId);
        await control.AppendConfirmationsAsync(activation.IncidentId, TimelineKind.Release, activation.Actor, activation.Epoch, confirmations, cancellationToken);
        var state = await releases.GetStateAsync(agentId, cancellationToken) with { Frozen = snapshot.IsFrozen(agentId) };
        var confirmed = confirmations.Count(c => c.Confirmed);
        return new Outcome<ActivationResult>(new ActivationResult(activation, state, confirmations, confirmed, confirmations.Count - confirmed));
    }

    private static string Describe(ReleaseActivation activation, GateReport? gate)
    {
        var to = Release.Abbreviate(activation.ToReleaseId);
        var from = activation.FromReleaseId is { } f ? Release.Abbreviate(f) : "none";
        var what = activation.Kind switch
        {
            ActivationKind.Activate => $"activated release {to} of {activation.AgentId} (was {from})",
            ActivationKind.Rollback => $"rolled {activation.AgentId} back from {from} to release {to}",
            ActivationKind.RestoreStep => $"restore of {activation.AgentId}: release {to} gets {activation.CandidatePercent} % of new runs",
            ActivationKind.RestoreComplete => $"restore of {activation.AgentId} complete: release {to} is active",
            _ => $"restore of {activation.AgentId} aborted: every new run goes to release {from}",
        };
        var overridden = activation.GateOverride is { } overrideReason
            ? $"; overrode the regression gate for release {to} of {activation.AgentId}{(gate is null ? string.Empty : $" (failing: {string.Join(", ", gate.FailingCases().Select(c => c.Name))})")}: {overrideReason}"
            : string.Empty;
        return $"{what} at epoch {activation.Epoch}: {activation.Reason}{overridden}";
    }

    private static ValidationErrors Validate(string? reason, string? incidentId)
    {
        var errors = new ValidationErrors();
        errors.Required("reason", reason, MaxReasonLength);
        errors.MaxLength("incidentId", incidentId, 200);
        return errors;
    }

    private async Task<Outcome<ActivationResult>?> RefuseAsync(string agentId, string? incidentId, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(agentId, cancellationToken) is null)
        {
            return new Outcome<ActivationResult>(null, NotFound: $"Agent '{agentId}' is not registered.");
        }

        if (await timeline.RefuseUnknownAsync(incidentId, cancellationToken) is { } unknown)
        {
            return new Outcome<ActivationResult>(null, NotFound: unknown);
        }

        return control.IsFrozen(agentId)
            ? new Outcome<ActivationResult>(null, Conflict: $"Agent '{agentId}' is frozen: no release may change until an operator unfreezes it.")
            : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Release epoch {Epoch}: {Actor} {Kind} on agent {AgentId} to {ReleaseId}")]
    private static partial void LogChanged(ILogger logger, long epoch, string actor, ActivationKind kind, string agentId, string releaseId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Actor} overrode the regression gate on agent {AgentId} for release {ReleaseId}: {Reason}")]
    private static partial void LogGateOverridden(ILogger logger, string actor, string agentId, string releaseId, string reason);
}
