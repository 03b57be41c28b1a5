using System.Globalization;
using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Compensation;
using Firebreak.Server.Control;
using Firebreak.Server.Detection;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Playbooks;

/// <summary>
/// Applies a playbook: plans it against the current control snapshot, then runs its steps in plan order (containment
/// first) as <c>playbook:&lt;name&gt;</c>. Control steps go through the <see cref="ControlPlane"/>, so enforcement points
/// confirm them like any change. Every step lands on the incident timeline once the execution has an incident, including
/// containment that ran before the incident was declared. A failed step is recorded and the next one still runs.
/// An alert is published before its detector declares or joins an incident, so containment never waits for incident
/// writes; a declare step answering such an alert joins the detector's incident instead of declaring a second one.
/// </summary>
internal sealed partial class PlaybookEngine(
    PlaybookStore store,
    ControlPlane control,
    IncidentStore incidents,
    IncidentTimeline timeline,
    IncidentEscalation escalation,
    AlertStore alerts,
    IncidentInstruments instruments,
    SelectionResolver resolver,
    BlastRadiusStore blastRadius,
    IOptions<ControlOptions> controlOptions,
    TimeProvider time,
    ILogger<PlaybookEngine> logger)
{
    /// <summary>Who an automatic execution is triggered by.</summary>
    public const string Automatic = "firebreak";

    /// <summary>How long a declare step waits for the incident the alert's detector declares before declaring its own.</summary>
    private static readonly TimeSpan DetectorIncidentWait = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Plans and, unless <paramref name="dryRun"/>, runs <paramref name="playbook"/> of <paramref name="agent"/>.
    /// An automatic execution is claimed first and returns no execution when the playbook already answered the alert.
    /// </summary>
    public async Task<Outcome<PlaybookExecution>> ApplyAsync(
        AgentDefinition agent,
        PlaybookDefinition playbook,
        PlaybookTrigger trigger,
        bool automatic,
        bool dryRun,
        string triggeredBy,
        CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        if (!PlaybookPlanner.TryPlan(agent, playbook, trigger, control.Current, startedAt, out var plan, out var errors))
        {
            return new Outcome<PlaybookExecution>(null, errors);
        }

        var id = $"pbx_{Guid.CreateVersion7():N}";
        if (dryRun)
        {
            var planned = plan.Steps.Select(s => new PlaybookStepResult(
                s.Index, s.Kind, s.Description, s.InEffect ? PlaybookStepStatus.AlreadyInEffect : PlaybookStepStatus.Planned)).ToList();
            return new Outcome<PlaybookExecution>(new PlaybookExecution(id, agent.Id, playbook.Name, plan.AlertId, plan.IncidentId, automatic, DryRun: true, triggeredBy, startedAt, startedAt, planned));
        }

        var execution = new PlaybookExecution(id, agent.Id, playbook.Name, plan.AlertId, plan.IncidentId, automatic, DryRun: false, triggeredBy, startedAt, null, []);
        if (!await store.StartAsync(execution, cancellationToken))
        {
            LogAlreadyApplied(logger, playbook.Name, plan.AlertId);
            return new Outcome<PlaybookExecution>(null);
        }

        var detectorDeclares = trigger.Alert is { IncidentId: null } alert
            && agent.Detectors?.Any(d => d.DeclareIncident && string.Equals(d.Name, alert.Detector, StringComparison.Ordinal)) == true;
        var run = new Run(plan, plan.IncidentId, detectorDeclares ? trigger.Alert!.Id : null);
        foreach (var step in plan.Steps)
        {
            var started = time.GetTimestamp();
            PlaybookStepResult result;
            try
            {
                result = await RunStepAsync(run, step, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStepFailed(logger, ex, playbook.Name, step.Index);
                result = new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Failed, ex.Message);
            }

            result = result with { DurationMs = time.GetElapsedTime(started).TotalMilliseconds };
            run.Results.Add(result);
            await RecordOnTimelineAsync(run, result, cancellationToken);
        }

        execution = execution with { IncidentId = run.IncidentId, FinishedAt = time.GetUtcNow(), Steps = run.Results };
        await store.FinishAsync(execution, cancellationToken);
        LogApplied(logger, playbook.Name, agent.Id, plan.AlertId, run.IncidentId);
        return new Outcome<PlaybookExecution>(execution);
    }

    private Task<PlaybookStepResult> RunStepAsync(Run run, PlannedStep step, CancellationToken cancellationToken)
    {
        if (step.InEffect)
        {
            return Task.FromResult(new PlaybookStepResult(
                step.Index, step.Kind, step.Description, PlaybookStepStatus.AlreadyInEffect,
                IncidentId: step.Kind == PlaybookStepKind.DeclareIncident ? run.IncidentId : null));
        }

        return step.Kind switch
        {
            PlaybookStepKind.Control or PlaybookStepKind.Strict => ControlAsync(run, step, cancellationToken),
            PlaybookStepKind.DeclareIncident => DeclareAsync(run, step, cancellationToken),
            PlaybookStepKind.Page => PageAsync(run, step, cancellationToken),
            _ => BlastRadiusAsync(run, step, cancellationToken),
        };
    }

    private async Task<PlaybookStepResult> ControlAsync(Run run, PlannedStep step, CancellationToken cancellationToken)
    {
        var request = step.Control! with { IncidentId = run.IncidentId };
        var caller = new Caller("playbook", run.Plan.Actor, Roles.Operator, null);
        var outcome = await control.ApplyAsync(request, caller, controlOptions.Value.ConfirmationTimeout, cancellationToken);
        if (outcome.Value is not { } result)
        {
            return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Failed, outcome.Invalid?.ToString() ?? outcome.NotFound);
        }

        var confirmedBy = result.Confirmations.Where(c => c.Confirmed).Select(c => c.PointId).ToList();
        var detail = string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {result.Epoch}: {result.Confirmed} of {result.Confirmations.Count} enforcement points confirmed{(confirmedBy.Count == 0 ? string.Empty : $" ({string.Join(", ", confirmedBy)})")}");
        return new PlaybookStepResult(
            step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied, detail, result,
            IncidentId: run.IncidentId);
    }

    private async Task<PlaybookStepResult> DeclareAsync(Run run, PlannedStep step, CancellationToken cancellationToken)
    {
        if (run.DetectorAlertId is { } alertId && await DetectorIncidentAsync(alertId, cancellationToken) is { } joined)
        {
            run.IncidentId = joined.IncidentId;
            return new PlaybookStepResult(
                step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied,
                $"joined {joined.IncidentId}, declared by detector:{joined.Detector}", IncidentId: joined.IncidentId);
        }

        var request = step.Incident!;
        var (incident, _) = await incidents.DeclareAsync(request, SeverityNames.Parse(request.Severity!), null, run.Plan.Actor, cancellationToken);
        instruments.Declared(incident);
        run.IncidentId = incident.Id;
        return new PlaybookStepResult(
            step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied,
            $"declared {incident.Id} ({incident.Severity}), commander {incident.Commander}", IncidentId: incident.Id);
    }

    private async Task<PlaybookStepResult> PageAsync(Run run, PlannedStep step, CancellationToken cancellationToken)
    {
        if (run.IncidentId is not { } incidentId || await incidents.GetAsync(incidentId, cancellationToken) is not { } incident)
        {
            return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Skipped, "no incident to page the commander of");
        }

        // Where the severity has an escalation policy, the page is its first level, repeated and escalated until answered.
        var page = await escalation.OpenAsync(incidentId, run.Plan.Actor, step.Message ?? step.Description, cancellationToken);
        if (page.Status is WriteStatus.Created or WriteStatus.Existing)
        {
            if (page.Status == WriteStatus.Created)
            {
                run.OnTimeline.Add(step.Index);
            }

            var detail = page.Status == WriteStatus.Created
                ? $"opened the page of {incidentId} to escalation level 1"
                : $"the page of {incidentId} was already open (level {page.Value!.Level + 1})";
            return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied, detail, IncidentId: incidentId);
        }

        await timeline.AppendAsync(
            new TimelineAct(
                incidentId, TimelineKind.Page, run.Plan.Actor, $"Paged {incident.Commander}: {step.Message}",
                new { commander = incident.Commander, message = step.Message, alertId = run.Plan.AlertId }),
            cancellationToken);
        run.OnTimeline.Add(step.Index);
        return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied, $"paged {incident.Commander} on {incidentId}", IncidentId: incidentId);
    }

    private async Task<PlaybookStepResult> BlastRadiusAsync(Run run, PlannedStep step, CancellationToken cancellationToken)
    {
        var (selection, error) = await resolver.ResolveAsync(step.BlastRadius!, cancellationToken);
        if (selection is null)
        {
            return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Failed, error);
        }

        var radius = await blastRadius.SummarizeAsync(selection, cancellationToken);
        var summary = BlastRadiusText.Summary(radius);
        if (run.IncidentId is { } incidentId)
        {
            await timeline.AppendAsync(new TimelineAct(incidentId, TimelineKind.Note, run.Plan.Actor, $"Blast radius: {summary}", radius), cancellationToken);
            run.OnTimeline.Add(step.Index);
        }

        return new PlaybookStepResult(step.Index, step.Kind, step.Description, PlaybookStepStatus.Applied, summary, BlastRadius: radius, IncidentId: run.IncidentId);
    }

    /// <summary>The alert once its detector has linked it to an incident; <see langword="null"/> when that takes longer than <see cref="DetectorIncidentWait"/>.</summary>
    private async Task<Firebreak.Detection.Alert?> DetectorIncidentAsync(string alertId, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(DetectorIncidentWait.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            if (await alerts.GetAsync(alertId, cancellationToken) is { IncidentId: not null } alert)
            {
                return alert;
            }

            if (time.GetTimestamp() >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
        }
    }

    /// <summary>
    /// Puts every step not yet on the timeline there, once the execution has an incident: containment that ran before
    /// the declaration, steps already in effect, skipped and failed ones. The declaration and the steps that write
    /// their own entry (control changes under the incident, the page, the blast radius) are not repeated.
    /// </summary>
    private async Task RecordOnTimelineAsync(Run run, PlaybookStepResult latest, CancellationToken cancellationToken)
    {
        var wroteItsOwnEntry = latest.Status == PlaybookStepStatus.Applied
            && (latest.Kind == PlaybookStepKind.DeclareIncident || latest.Control?.Change.IncidentId is not null);
        if (wroteItsOwnEntry)
        {
            run.OnTimeline.Add(latest.Index);
        }

        if (run.IncidentId is not { } incidentId)
        {
            return;
        }

        foreach (var result in run.Results.Where(r => !run.OnTimeline.Contains(r.Index)))
        {
            var kind = result.Kind is PlaybookStepKind.Control or PlaybookStepKind.Strict ? TimelineKind.Control : TimelineKind.Note;
            var text = result.Status switch
            {
                PlaybookStepStatus.Applied => $"{result.Description} ({result.Detail})",
                PlaybookStepStatus.AlreadyInEffect => result.Description,
                _ => $"{result.Description}: {StatusName(result.Status)}, {result.Detail}",
            };
            await timeline.AppendAsync(new TimelineAct(incidentId, kind, run.Plan.Actor, text, result.Control), cancellationToken);
            run.OnTimeline.Add(result.Index);
        }
    }

    private static string StatusName(PlaybookStepStatus status) => status == PlaybookStepStatus.Skipped ? "skipped" : "failed";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Playbook {Playbook} applied to agent {AgentId} (alert {AlertId}, incident {IncidentId})")]
    private static partial void LogApplied(ILogger logger, string playbook, string agentId, string? alertId, string? incidentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Playbook {Playbook} already answered alert {AlertId}; not applied again")]
    private static partial void LogAlreadyApplied(ILogger logger, string playbook, string? alertId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Playbook {Playbook} step {Index} failed")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string playbook, int index);

    /// <summary>The state of one execution as its steps run.</summary>
    private sealed class Run(PlaybookPlan plan, string? incidentId, string? detectorAlertId)
    {
        public PlaybookPlan Plan { get; } = plan;

        /// <summary>The alert whose detector declares the incident this run joins, if any.</summary>
        public string? DetectorAlertId { get; } = detectorAlertId;

        public string? IncidentId { get; set; } = incidentId;

        public List<PlaybookStepResult> Results { get; } = [];

        public HashSet<int> OnTimeline { get; } = [];
    }
}
