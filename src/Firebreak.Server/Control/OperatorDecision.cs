namespace Firebreak.Server.Control;

/// <summary>An operator's release, discard, approval or denial: an optional reason and the incident it belongs to.</summary>
public sealed record OperatorDecision(string? Reason = null, string? IncidentId = null);
