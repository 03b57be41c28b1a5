using Firebreak.Incidents;
using Firebreak.Releases;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Validation;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Releases;

/// <summary>
/// Gradual restores: starts one behind the regression gate, judges each stage when its interval is up (advance,
/// wait for data, pause for a human, or abort and send every run back to the baseline), and lets operators abort or
/// resume. Every routing change goes through <see cref="ReleasePlane"/>, so it is pushed, confirmed and refused while frozen.
/// </summary>
internal sealed partial class RestorePlane(
    RestoreStore restores,
    ReleaseStore releases,
    ReleasePlane plane,
    StageMetricsReader metrics,
    IncidentTimeline timeline,
    IOptions<ControlOptions> control,
    IOptions<ReleaseOptions> options,
    TimeProvider time,
    ILogger<RestorePlane> logger)
{
    /// <summary>The actor of decisions the analysis makes on its own.</summary>
    public const string AutomaticActor = "restore";

    public async Task<Outcome<Restore>> StartAsync(string agentId, RestoreRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var steps = request.Steps ?? RestoreRequest.DefaultSteps;
        var interval = request.Interval ?? RestoreRequest.DefaultInterval;
        var thresholds = request.Thresholds ?? RestoreThresholds.Default;
        var errors = Validate(request, steps, interval, thresholds);
        if (!errors.IsValid)
        {
            return new Outcome<Restore>(null, errors);
        }

        if (await timeline.RefuseUnknownAsync(request.IncidentId, cancellationToken) is { } unknown)
        {
            return new Outcome<Restore>(null, NotFound: unknown);
        }

        var (release, problem) = await releases.ResolveAsync(agentId, request.ReleaseId, cancellationToken);
        if (release is null)
        {
            return new Outcome<Restore>(null, NotFound: problem);
        }

        var state = await releases.GetStateAsync(agentId, cancellationToken);
        if (state.ActiveReleaseId is not { } baseline)
        {
            return new Outcome<Restore>(null, Conflict: $"Agent '{agentId}' has no active release to restore from; activate one first.");
        }

        if (string.Equals(baseline, release.Id, StringComparison.Ordinal))
        {
            return new Outcome<Restore>(null, Conflict: $"Release {Release.Abbreviate(release.Id)} is already active on agent '{agentId}'.");
        }

        var gate = await plane.GateAsync(agentId, release.Id, cancellationToken);
        if (!gate.Open && request.OverrideGate is null)
        {
            return new Outcome<Restore>(null, Gate: gate);
        }

        var restore = new Restore(
            $"rst_{Guid.CreateVersion7():N}", agentId, release.Id, baseline, steps, interval, 0, RestoreStatus.Running, thresholds,
            caller.Actor, request.Reason, time.GetUtcNow(), time.GetUtcNow(), [], request.IncidentId);
        var created = await restores.CreateAsync(restore, cancellationToken);
        if (created.Value is not { } stored)
        {
            return new Outcome<Restore>(null, Conflict: created.Detail);
        }

        var step = await plane.ChangeAsync(
            agentId,
            s => (new RoutingChange(ActivationKind.RestoreStep, ReleaseTransitions.RestoreStep(s, release.Id, steps[0]), release.Id, caller.Actor, request.Reason, request.IncidentId, gate.Open ? null : request.OverrideGate), null),
            gate,
            control.Value.ConfirmationTimeout,
            cancellationToken);
        if (step.Value is null)
        {
            await Decide(stored, RestoreVerdict.Abort, $"the first step was refused: {step.Conflict}", caller.Actor, null, RestoreStatus.Aborted, onTimeline: false, cancellationToken);
            return new Outcome<Restore>(null, Conflict: step.Conflict);
        }

        return new Outcome<Restore>(stored);
    }

    /// <summary>An operator sends every run back to the baseline.</summary>
    public async Task<Outcome<Restore>> AbortAsync(string id, string reason, Caller caller, CancellationToken cancellationToken)
    {
        if (await restores.GetAsync(id, cancellationToken) is not { } restore)
        {
            return new Outcome<Restore>(null, NotFound: $"Restore '{id}' does not exist.");
        }

        if (restore.Status is not (RestoreStatus.Running or RestoreStatus.Paused))
        {
            return new Outcome<Restore>(null, Conflict: $"Restore '{id}' is already {restore.Status.ToString().ToLowerInvariant()}.");
        }

        return await AbortRoutingAsync(restore, reason, caller.Actor, null, cancellationToken);
    }

    /// <summary>An operator lets a paused restore run again; the current stage starts over.</summary>
    public async Task<Outcome<Restore>> ResumeAsync(string id, string reason, Caller caller, CancellationToken cancellationToken)
    {
        if (await restores.GetAsync(id, cancellationToken) is not { } restore)
        {
            return new Outcome<Restore>(null, NotFound: $"Restore '{id}' does not exist.");
        }

        if (restore.Status != RestoreStatus.Paused)
        {
            return new Outcome<Restore>(null, Conflict: $"Restore '{id}' is {restore.Status.ToString().ToLowerInvariant()}, not paused.");
        }

        var resumed = restore with { Status = RestoreStatus.Running, StageStartedAt = time.GetUtcNow() };
        return new Outcome<Restore>(await Decide(resumed, RestoreVerdict.Advance, $"resumed: {reason}", caller.Actor, null, RestoreStatus.Running, onTimeline: true, cancellationToken));
    }

    /// <summary>Judges every running restore whose stage interval is up. Called by <see cref="RestoreService"/>.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var restore in await restores.ListRunningAsync(cancellationToken))
        {
            var elapsed = time.GetUtcNow() - restore.StageStartedAt;
            if (elapsed < restore.Interval)
            {
                continue;
            }

            var stage = await metrics.ReadAsync(restore, cancellationToken);
            var (verdict, reason) = RestoreAnalysis.Evaluate(stage, restore.Thresholds);
            switch (verdict)
            {
                case RestoreVerdict.Wait when elapsed >= restore.Interval * options.Value.MaxWaitIntervals:
                    await Decide(restore, RestoreVerdict.Pause, $"paused for a human: {reason} after {options.Value.MaxWaitIntervals} intervals", AutomaticActor, stage, RestoreStatus.Paused, onTimeline: true, cancellationToken);
                    break;
                case RestoreVerdict.Wait:
                    break;
                case RestoreVerdict.Abort:
                    await AbortRoutingAsync(restore, $"automatic rollback at {restore.CurrentPercent()} %: {reason}", AutomaticActor, stage, cancellationToken);
                    break;
                default:
                    await AdvanceAsync(restore, reason, stage, cancellationToken);
                    break;
            }
        }
    }

    private async Task AdvanceAsync(Restore restore, string reason, StageMetrics stage, CancellationToken cancellationToken)
    {
        var gate = await plane.GateAsync(restore.AgentId, restore.CandidateReleaseId, cancellationToken);
        if (!gate.Open)
        {
            var failing = string.Join(", ", gate.FailingCases().Select(c => c.Name));
            await Decide(restore, RestoreVerdict.Pause, $"paused for a human: regression cases do not pass on the candidate ({failing})", AutomaticActor, stage, RestoreStatus.Paused, onTimeline: true, cancellationToken);
            return;
        }

        var next = restore.Stage + 1;
        var percent = restore.Steps[next];
        var complete = percent >= 100;
        var change = await plane.ChangeAsync(
            restore.AgentId,
            s => (complete
                ? new RoutingChange(ActivationKind.RestoreComplete, ReleaseTransitions.Activate(s, restore.CandidateReleaseId), restore.CandidateReleaseId, AutomaticActor, $"stage {restore.CurrentPercent()} % passed: {reason}", restore.IncidentId)
                : new RoutingChange(ActivationKind.RestoreStep, ReleaseTransitions.RestoreStep(s, restore.CandidateReleaseId, percent), restore.CandidateReleaseId, AutomaticActor, $"stage {restore.CurrentPercent()} % passed: {reason}", restore.IncidentId), null),
            null,
            TimeSpan.Zero,
            cancellationToken);
        if (change.Value is null)
        {
            await Decide(restore, RestoreVerdict.Pause, $"paused for a human: the next step was refused ({change.Conflict})", AutomaticActor, stage, RestoreStatus.Paused, onTimeline: true, cancellationToken);
            return;
        }

        var advanced = restore with { Stage = next, StageStartedAt = time.GetUtcNow() };
        await Decide(advanced, RestoreVerdict.Advance, $"{restore.CurrentPercent()} % → {percent} %: {reason}", AutomaticActor, stage, complete ? RestoreStatus.Completed : RestoreStatus.Running, onTimeline: false, cancellationToken, restore.CurrentPercent());
        LogAdvanced(logger, restore.Id, restore.AgentId, percent);
    }

    private async Task<Outcome<Restore>> AbortRoutingAsync(Restore restore, string reason, string actor, StageMetrics? stage, CancellationToken cancellationToken)
    {
        // The abort is a routing change and a frozen agent refuses those; the restore is ended either way, and the
        // operator sees that the candidate's share could not be taken back.
        var change = await plane.ChangeAsync(
            restore.AgentId,
            s => s.CandidateReleaseId is null
                ? (null, "no candidate is routed")
                : (new RoutingChange(ActivationKind.RestoreAbort, ReleaseTransitions.RestoreAbort(s), s.ActiveReleaseId!, actor, reason, restore.IncidentId), null),
            null,
            TimeSpan.Zero,
            cancellationToken);
        var text = change.Value is null ? $"{reason} (routing unchanged: {change.Conflict})" : reason;
        LogAborted(logger, restore.Id, restore.AgentId, text);
        return new Outcome<Restore>(await Decide(restore, RestoreVerdict.Abort, text, actor, stage, RestoreStatus.Aborted, onTimeline: change.Value is null, cancellationToken));
    }

    /// <param name="restore">The restore as it stands after the decision, but for its status and decisions.</param>
    /// <param name="verdict">What was decided.</param>
    /// <param name="reason">Why.</param>
    /// <param name="actor">Who decided.</param>
    /// <param name="stage">The stage's metrics, when the analysis decided.</param>
    /// <param name="status">The restore's status after the decision.</param>
    /// <param name="onTimeline">
    /// Whether to put the decision on the incident's timeline: routing changes already reach it through the release
    /// plane, but pauses and resumes change no routing.
    /// </param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <param name="judgedPercent">The share of the stage the decision judged, when <paramref name="restore"/> already moved past it.</param>
    private async Task<Restore> Decide(
        Restore restore, RestoreVerdict verdict, string reason, string actor, StageMetrics? stage, RestoreStatus status, bool onTimeline, CancellationToken cancellationToken, int? judgedPercent = null)
    {
        var decision = new RestoreDecision(time.GetUtcNow(), judgedPercent ?? restore.CurrentPercent(), verdict, reason, actor, stage);
        var entry = onTimeline && restore.IncidentId is { } incidentId
            ? new TimelineAct(incidentId, TimelineKind.Release, actor, $"restore {restore.Id} of {restore.AgentId}: {reason}", decision)
            : null;
        return await restores.UpdateAsync(restore with { Status = status, Decisions = [.. restore.Decisions, decision] }, entry, cancellationToken);
    }

    private static ValidationErrors Validate(RestoreRequest request, IReadOnlyList<int> steps, TimeSpan interval, RestoreThresholds thresholds)
    {
        var errors = new ValidationErrors();
        errors.Required("reason", request.Reason, ReleasePlane.MaxReasonLength);
        if (!ReleaseValidator.IsReleaseIdOrPrefix(request.ReleaseId))
        {
            errors.Add("releaseId", "must be a release id or a prefix of at least 8 of its characters");
        }

        if (steps.Count is 0 or > 20 || steps.Any(s => s is < 1 or > 100) || steps[^1] != 100 || !steps.Zip(steps.Skip(1)).All(p => p.First < p.Second))
        {
            errors.Add("steps", "must be ascending percentages from 1 to 100, ending at 100 (such as 10,25,50,100)");
        }

        if (interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromDays(1))
        {
            errors.Add("interval", "must be between 1 second and 1 day");
        }

        if (thresholds.MinRuns < 1 || thresholds.MaxErrorRate is < 0 or > 1 || thresholds.MaxBlockedRate is < 0 or > 1 || thresholds.MaxRefundRateIncrease is < 0 or > 1)
        {
            errors.Add("thresholds", "minRuns must be at least 1 and every rate between 0 and 1");
        }

        if (request.OverrideGate is { } overrideGate && string.IsNullOrWhiteSpace(overrideGate))
        {
            errors.Add("overrideGate", "must give the reason for overriding the regression gate");
        }

        return errors;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Restore {RestoreId} of agent {AgentId} advanced to {Percent} %")]
    private static partial void LogAdvanced(ILogger logger, string restoreId, string agentId, int percent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restore {RestoreId} of agent {AgentId} aborted: {Reason}")]
    private static partial void LogAborted(ILogger logger, string restoreId, string agentId, string reason);
}
