namespace Firebreak.Incidents;

/// <summary>What an incident owes and whether it is late.</summary>
/// <param name="NextUpdate">The next status update, by the severity's cadence.</param>
/// <param name="Postmortem">The postmortem, due a fixed time after the incident is resolved.</param>
public sealed record IncidentDeadlines(Deadline NextUpdate, Deadline Postmortem);
