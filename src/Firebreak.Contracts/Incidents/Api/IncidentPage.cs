namespace Firebreak.Incidents;

/// <summary>The page of an incident: how far its escalation got and whether someone answered.</summary>
/// <param name="IncidentId">The incident paged for.</param>
/// <param name="Severity">The severity whose escalation policy it follows (the one it was opened at).</param>
/// <param name="OpenedAt">When it was opened; every step's time derives from it.</param>
/// <param name="OpenedBy">Who or what opened it.</param>
/// <param name="Sent">How many steps of its schedule were sent.</param>
/// <param name="Level">The level last paged, from 0.</param>
/// <param name="NextDueAt">When its next step is due; <see langword="null"/> once acknowledged, closed or exhausted.</param>
/// <param name="Version">Moves on with every change; a send is claimed by moving it from the value the sender read.</param>
/// <param name="AcknowledgedBy">Who answered, if anyone has.</param>
/// <param name="AcknowledgedAt">When they answered.</param>
/// <param name="ClosedAt">When the incident was resolved or closed, which ends the page.</param>
public sealed record IncidentPage(
    string IncidentId,
    string Severity,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    int Sent,
    int Level,
    DateTimeOffset? NextDueAt,
    long Version,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? ClosedAt);
