namespace Firebreak.Incidents;

/// <summary>A blameless postmortem: what happened, why, what it cost, and what will change. <see cref="PostmortemRenderer"/> writes it as Markdown.</summary>
/// <param name="IncidentId">The incident it reviews.</param>
/// <param name="Title">A short title.</param>
/// <param name="Severity">The incident's final severity.</param>
/// <param name="Summary">One paragraph: what happened, when, and who was affected.</param>
/// <param name="Timeline">What happened, with time and actor; rendered in chronological order.</param>
/// <param name="FailureMode">The failure in one sentence.</param>
/// <param name="RootCause">The systemic cause; <see langword="null"/> while it is still unclear, rendered as <c>Pending</c>.</param>
/// <param name="RootCauseOwner">Who answers for finding or confirming the root cause; <see langword="null"/> when unassigned.</param>
/// <param name="Impact">The measured impact.</param>
/// <param name="WentWell">Parts of the response that worked.</param>
/// <param name="ToImprove">Gaps found in detection, response, communication or documentation.</param>
/// <param name="ActionItems">The committed improvements.</param>
internal sealed record PostmortemDocument(
    string IncidentId,
    string Title,
    Severity Severity,
    string Summary,
    IReadOnlyList<TimelineEntry> Timeline,
    string FailureMode,
    string? RootCause,
    string? RootCauseOwner,
    PostmortemImpact Impact,
    IReadOnlyList<string> WentWell,
    IReadOnlyList<string> ToImprove,
    IReadOnlyList<ActionItem> ActionItems);
