namespace Firebreak.Incidents;

/// <summary>Moves an incident to another status.</summary>
/// <param name="Status">The target status.</param>
/// <param name="Note">Why, for the timeline.</param>
public sealed record ChangeStatusRequest(IncidentStatus Status, string? Note = null);
