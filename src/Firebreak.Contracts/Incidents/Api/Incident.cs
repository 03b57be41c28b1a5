namespace Firebreak.Incidents;

/// <summary>An incident as stored.</summary>
/// <param name="Id">The id, <c>INC-&lt;n&gt;</c>.</param>
/// <param name="Title">A few words saying what is wrong.</param>
/// <param name="Agents">The agents involved; the first is the primary agent.</param>
/// <param name="FailureClass">Why the agents failed.</param>
/// <param name="Tool">The tool at the centre of the failure, if known.</param>
/// <param name="Severity">The current severity, as its SEV name (<c>SEV1</c>).</param>
/// <param name="Status">The current status.</param>
/// <param name="Commander">Who leads the response.</param>
/// <param name="Scribe">Who keeps the timeline, if anyone.</param>
/// <param name="Responders">Everyone else working on it.</param>
/// <param name="WindowStart">When the failure began.</param>
/// <param name="WindowEnd">When it ended, if known.</param>
/// <param name="Milestones">Detected, acknowledged, mitigated and resolved times.</param>
/// <param name="ClosedAt">When it was closed.</param>
/// <param name="LastUpdateAt">When the last status update went out (the declaration counts as the first).</param>
/// <param name="RootCause">The systemic cause, once known.</param>
/// <param name="RootCauseOwner">Who owns the fix of the root cause.</param>
/// <param name="Summary">One paragraph for the postmortem.</param>
/// <param name="WentWell">What worked in the response.</param>
/// <param name="ToImprove">What did not.</param>
/// <param name="AlertId">The alert it was declared from.</param>
/// <param name="RecurrenceOf">The earlier incident with the same agent, failure class and tool within 30 days, if any.</param>
/// <param name="CreatedBy">Who declared it.</param>
public sealed record Incident(
    string Id,
    string Title,
    IReadOnlyList<string> Agents,
    FailureClass FailureClass,
    string? Tool,
    string Severity,
    IncidentStatus Status,
    string Commander,
    string? Scribe,
    IReadOnlyList<string> Responders,
    DateTimeOffset WindowStart,
    DateTimeOffset? WindowEnd,
    IncidentMilestones Milestones,
    DateTimeOffset? ClosedAt,
    DateTimeOffset LastUpdateAt,
    string? RootCause,
    string? RootCauseOwner,
    string? Summary,
    IReadOnlyList<string> WentWell,
    IReadOnlyList<string> ToImprove,
    string? AlertId,
    string? RecurrenceOf,
    string CreatedBy);
