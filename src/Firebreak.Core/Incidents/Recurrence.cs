namespace Firebreak.Incidents;

/// <summary>An incident that repeats an earlier one with the same <see cref="FailureSignature"/>.</summary>
/// <param name="IncidentId">The later incident.</param>
/// <param name="PreviousIncidentId">The most recent earlier incident with the same signature inside the window.</param>
/// <param name="Signature">The signature they share.</param>
internal sealed record Recurrence(string IncidentId, string PreviousIncidentId, FailureSignature Signature);
