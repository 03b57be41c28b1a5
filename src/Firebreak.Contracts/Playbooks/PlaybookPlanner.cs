using System.Diagnostics.CodeAnalysis;
using Firebreak.Compensation;
using Firebreak.Control;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Playbooks;

/// <summary>
/// Matches playbooks to alerts and turns a playbook, its trigger and the current control state into the ordered
/// steps applying it will take. Pure: the same inputs always give the same plan, so the dry run is exactly what runs.
/// </summary>
public static class PlaybookPlanner
{
    /// <summary>The longest incident title the incidents API takes; a longer rendered title is cut to it.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest commander name the incidents API takes; a longer agent owner is cut to it.</summary>
    public const int MaxCommanderLength = 100;

    /// <summary>The actor of everything playbook <paramref name="name"/> does.</summary>
    public static string ActorFor(string name) => $"playbook:{name}";

    /// <summary>Whether <paramref name="alert"/> is of a listed failure class, at least as severe as asked, from a listed detector.</summary>
    public static bool Matches(PlaybookMatch match, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(alert);
        return match.FailureClasses.Contains(alert.FailureClass)
            && (match.MinSeverity is not { } min || alert.Severity <= min)
            && (match.Detectors is not { } detectors || detectors.Contains(alert.Detector, StringComparer.Ordinal));
    }

    /// <summary>The first automatic playbook of <paramref name="agent"/> that matches <paramref name="alert"/>, in registry order; <see langword="null"/> when none does or the alert is another agent's.</summary>
    public static PlaybookDefinition? FirstAutomatic(AgentDefinition agent, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(alert);
        return string.Equals(agent.Id, alert.AgentId, StringComparison.Ordinal)
            ? agent.Playbooks?.FirstOrDefault(p => p.Auto && Matches(p.Match, alert))
            : null;
    }

    /// <summary>
    /// Plans <paramref name="playbook"/> of <paramref name="agent"/> for <paramref name="trigger"/> against
    /// <paramref name="snapshot"/>. Containment steps come first (in their declared order), then the others (in theirs),
    /// so a kill never waits for a page. A control step whose modes already hold at every scope it names, at the same
    /// or a more restrictive mode, is in effect and changes nothing; one that holds at some of its tools is narrowed to
    /// the rest, so a playbook never weakens containment an operator set.
    /// </summary>
    /// <returns><see langword="false"/> with <paramref name="errors"/> when the playbook is invalid or the alert is another agent's.</returns>
    public static bool TryPlan(
        AgentDefinition agent,
        PlaybookDefinition playbook,
        PlaybookTrigger trigger,
        ControlSnapshot snapshot,
        DateTimeOffset now,
        [NotNullWhen(true)] out PlaybookPlan? plan,
        out ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(playbook);
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(snapshot);
        plan = null;
        errors = PlaybookValidator.Validate(agent, playbook);
        if (trigger.Alert is { } alert && !string.Equals(alert.AgentId, agent.Id, StringComparison.Ordinal))
        {
            errors.Add("alertId", $"alert '{alert.Id}' is about agent '{alert.AgentId}', not '{agent.Id}'");
        }

        if (!errors.IsValid)
        {
            return false;
        }

        var context = new Context(agent, playbook, trigger, snapshot, now);
        var ordered = playbook.Steps
            .Select((step, index) => (Step: step, Index: index))
            .OrderBy(s => s.Step.Kind is PlaybookStepKind.Control or PlaybookStepKind.Strict ? 0 : 1)
            .ThenBy(s => s.Index);
        plan = new PlaybookPlan(
            agent.Id,
            playbook.Name,
            trigger.Alert?.Id,
            trigger.Incident,
            [.. ordered.Select(s => PlanStep(context, s.Step, s.Index))]);
        return true;
    }

    /// <summary>Fills a template's placeholders (<c>{agent}</c>, <c>{playbook}</c>, <c>{detector}</c>, <c>{failureClass}</c>, <c>{alert}</c>, <c>{summary}</c>) from the trigger.</summary>
    public static string Render(string template, string agentId, string playbook, Alert? alert)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template
            .Replace("{agent}", agentId, StringComparison.Ordinal)
            .Replace("{playbook}", playbook, StringComparison.Ordinal)
            .Replace("{detector}", alert?.Detector ?? "manual", StringComparison.Ordinal)
            .Replace("{failureClass}", alert is null ? "unknown" : FailureClassNames.Format(alert.FailureClass), StringComparison.Ordinal)
            .Replace("{alert}", alert?.Id ?? "none", StringComparison.Ordinal)
            .Replace("{summary}", alert?.Summary ?? "applied by an operator", StringComparison.Ordinal);
    }

    private static PlannedStep PlanStep(Context context, PlaybookStep step, int index) => step.Kind switch
    {
        PlaybookStepKind.Control => PlanControl(context, step.Control!, index),
        PlaybookStepKind.Strict => PlanStrict(context, step, index),
        PlaybookStepKind.DeclareIncident => PlanDeclare(context, step, index),
        PlaybookStepKind.Page => PlanPage(context, step, index),
        _ => PlanBlastRadius(context, step, index),
    };

    private static PlannedStep PlanControl(Context context, ControlChangeRequest definition, int index)
    {
        var request = definition with { AgentId = context.Agent.Id, IncidentId = context.Trigger.Incident };
        if (!ControlChangePlanner.TryExpand(request, context.Agent, context.Actor, context.Now, out var change, out _))
        {
            throw new InvalidOperationException("A validated control step did not expand.");
        }

        var open = request.Mode is { } mode ? change.Scopes.Where(scope => !Holds(context, scope, mode)).ToList() : [];
        var freezeHolds = request.Freeze is null || context.Snapshot.IsFrozen(context.Agent.Id);
        var strictHolds = request.Strict is null || context.Snapshot.IsStrict(context.Agent.Id);
        var what = Describe(context.Agent.Id, request);
        if (open.Count == 0 && freezeHolds && strictHolds)
        {
            var holding = change.Scopes.Select(s => context.Snapshot.Find(s.Key)).OfType<ControlSetting>().FirstOrDefault();
            var by = holding is null ? string.Empty : $" (epoch {holding.Epoch}, by {holding.Actor})";
            return new PlannedStep(index, PlaybookStepKind.Control, $"Already in effect: {what}{by}", InEffect: true);
        }

        // Narrow a tools or risk change to the tools not yet contained; the others keep their (equal or stronger) mode.
        if (request.Target is ControlTarget.Tools or ControlTarget.Risk && open.Count < change.Scopes.Count)
        {
            request = request with { Target = ControlTarget.Tools, Risk = null, Tools = [.. open.Select(s => s.ToolName!)] };
            what = Describe(context.Agent.Id, request);
        }

        return new PlannedStep(index, PlaybookStepKind.Control, $"{what}: {request.Reason}", InEffect: false, Control: request);
    }

    private static PlannedStep PlanStrict(Context context, PlaybookStep step, int index)
    {
        var what = $"Apply the strict policy level to agent {context.Agent.Id}";
        if (context.Snapshot.IsStrict(context.Agent.Id))
        {
            return new PlannedStep(index, PlaybookStepKind.Strict, $"Already in effect: {what}", InEffect: true);
        }

        var reason = step.Reason ?? $"Playbook {context.Playbook.Name}: stricter policy while the alert is handled";
        var request = new ControlChangeRequest(ControlTarget.Agent, reason, AgentId: context.Agent.Id, IncidentId: context.Trigger.Incident, Strict: true);
        return new PlannedStep(index, PlaybookStepKind.Strict, $"{what}: {reason}", InEffect: false, Control: request);
    }

    private static bool Holds(Context context, ControlScope scope, ControlMode mode) =>
        context.Snapshot.Find(scope.Key) is { } setting && setting.IsActiveAt(context.Now) && setting.Mode >= mode;

    private static string Describe(string agentId, ControlChangeRequest request)
    {
        var target = request.Target switch
        {
            ControlTarget.Agent => $"agent {agentId}",
            ControlTarget.Tools => $"{(request.Tools!.Count == 1 ? "tool" : "tools")} {string.Join(", ", request.Tools!)} of {agentId}",
            _ => $"{string.Join(", ", request.Risk!).ToLowerInvariant()} tools of {agentId}",
        };
        var verb = request.Mode switch
        {
            ControlMode.Killed => "Kill",
            ControlMode.Paused => "Pause",
            ControlMode.Fallback => "Put into fallback",
            ControlMode.Shadow => "Shadow",
            ControlMode.Approval => "Require approval for",
            _ => null,
        };
        var parts = new List<string>();
        if (verb is not null)
        {
            parts.Add($"{verb} {target}" + (request.For is { } duration ? $" for {duration}" : string.Empty));
        }

        if (request.Freeze is not null)
        {
            parts.Add($"freeze agent {agentId}");
        }

        if (request.Strict is not null)
        {
            parts.Add($"apply the strict policy level to agent {agentId}");
        }

        var text = string.Join(" and ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static PlannedStep PlanDeclare(Context context, PlaybookStep step, int index)
    {
        var severity = step.Severity!.Value;
        if (context.Trigger.Incident is { } incidentId)
        {
            return new PlannedStep(
                index, PlaybookStepKind.DeclareIncident, $"Already in effect: run under incident {incidentId} instead of declaring a {SeverityNames.ToSevName(severity)}", InEffect: true);
        }

        var alert = context.Trigger.Alert;
        var title = Cut(Render(step.Title!, context.Agent.Id, context.Playbook.Name, alert), MaxTitleLength);
        var commander = Cut(step.Commander ?? context.Agent.Owner, MaxCommanderLength);
        var request = new DeclareIncidentRequest(
            title,
            [context.Agent.Id],
            alert?.FailureClass ?? context.Playbook.Match.FailureClasses[0],
            commander,
            SeverityNames.ToSevName(severity),
            WindowStart: alert?.FirstSeenAt ?? context.Now,
            Tool: context.Playbook.Steps.FirstOrDefault(s => s.Control?.Tools is { Count: 1 })?.Control!.Tools![0],
            AlertId: alert?.Id);
        return new PlannedStep(
            index, PlaybookStepKind.DeclareIncident, $"Declare {SeverityNames.ToDisplay(severity)}: {title}; commander {commander}", InEffect: false, Incident: request);
    }

    private static PlannedStep PlanPage(Context context, PlaybookStep step, int index)
    {
        var alert = context.Trigger.Alert;
        var message = step.Message is { } template
            ? Render(template, context.Agent.Id, context.Playbook.Name, alert)
            : alert is null
                ? $"Playbook {context.Playbook.Name} was applied to {context.Agent.Id}."
                : $"Playbook {context.Playbook.Name} answered alert {alert.Id} on {context.Agent.Id}: {alert.Summary}";
        return new PlannedStep(index, PlaybookStepKind.Page, $"Page the incident commander: {message}", InEffect: false, Message: message);
    }

    private static PlannedStep PlanBlastRadius(Context context, PlaybookStep step, int index)
    {
        var lookback = step.Lookback ?? PlaybookStep.DefaultLookback;
        var alert = context.Trigger.Alert;
        BlastRadiusSelection selection;
        string window;
        if (alert is not null)
        {
            selection = new BlastRadiusSelection(Agents: [context.Agent.Id], Since: alert.FirstSeenAt - lookback);
            window = $"from {lookback} before alert {alert.Id} was first seen until now";
        }
        else if (context.Trigger.Incident is { } incidentId)
        {
            selection = new BlastRadiusSelection(Agents: [context.Agent.Id], IncidentId: incidentId);
            window = $"over the window of incident {incidentId}";
        }
        else
        {
            selection = new BlastRadiusSelection(Agents: [context.Agent.Id], Since: context.Now - lookback);
            window = $"over the last {lookback}";
        }

        return new PlannedStep(
            index, PlaybookStepKind.BlastRadius, $"Compute the blast radius of {context.Agent.Id} {window} and write it on the timeline", InEffect: false, BlastRadius: selection);
    }

    private static string Cut(string text, int length) => text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    private sealed record Context(AgentDefinition Agent, PlaybookDefinition Playbook, PlaybookTrigger Trigger, ControlSnapshot Snapshot, DateTimeOffset Now)
    {
        public string Actor => ActorFor(Playbook.Name);
    }
}
