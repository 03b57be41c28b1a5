namespace Firebreak.Incidents;

/// <summary>The outcome of <see cref="IncidentLifecycle.Transition"/>.</summary>
/// <param name="Succeeded">Whether the move is allowed.</param>
/// <param name="Status">The status after the attempt: the target when it succeeded, the unchanged current status otherwise.</param>
/// <param name="Error">Why the move was refused, for people; <see langword="null"/> when it succeeded.</param>
internal sealed record StatusTransition(bool Succeeded, IncidentStatus Status, string? Error);
