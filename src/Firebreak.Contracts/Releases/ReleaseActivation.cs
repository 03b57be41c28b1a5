namespace Firebreak.Releases;

/// <summary>One change of an agent's release routing, as kept in its activation history.</summary>
/// <param name="Id">The history entry's id.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="Kind">What happened.</param>
/// <param name="FromReleaseId">The active release before; <see langword="null"/> for the first activation.</param>
/// <param name="ToReleaseId">The release the change moved to (the candidate for restore steps).</param>
/// <param name="Actor">Who: an operator's key name, or <c>restore</c> for an automatic decision.</param>
/// <param name="Reason">Why.</param>
/// <param name="At">When.</param>
/// <param name="Epoch">The control epoch that carried the change to the enforcement points.</param>
/// <param name="IncidentId">The incident it belongs to, if any.</param>
/// <param name="CandidatePercent">For restore steps, the candidate's share of runs after the change.</param>
/// <param name="GateOverride">When the regression gate was overridden, the operator's reason.</param>
public sealed record ReleaseActivation(
    long Id,
    string AgentId,
    ActivationKind Kind,
    string? FromReleaseId,
    string ToReleaseId,
    string Actor,
    string Reason,
    DateTimeOffset At,
    long Epoch,
    string? IncidentId = null,
    int? CandidatePercent = null,
    string? GateOverride = null);
