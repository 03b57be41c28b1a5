namespace Firebreak.Incidents;

/// <summary>An incident with everything recorded about it.</summary>
/// <param name="Incident">The incident.</param>
/// <param name="Deadlines">Updates and postmortem due, with overdue flags.</param>
/// <param name="Timeline">Every timeline entry, oldest first.</param>
/// <param name="ActionItems">Its action items.</param>
/// <param name="Communications">Every message sent, oldest first.</param>
public sealed record IncidentDetail(
    Incident Incident,
    IncidentDeadlines Deadlines,
    IReadOnlyList<IncidentTimelineEntry> Timeline,
    IReadOnlyList<IncidentActionItem> ActionItems,
    IReadOnlyList<IncidentCommunication> Communications);
