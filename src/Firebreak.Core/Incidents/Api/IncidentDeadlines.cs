namespace Firebreak.Incidents;

/// <summary>What an incident owes and whether it is late.</summary>
/// <param name="NextUpdate">The next status update, by the severity's cadence.</param>
/// <param name="Postmortem">The postmortem, by <see cref="PostmortemDeadline"/>.</param>
public sealed record IncidentDeadlines(Deadline NextUpdate, Deadline Postmortem);
