using Firebreak.Releases;

namespace Firebreak.Server.Releases;

/// <summary>A change of an agent's release routing, planned inside the write transaction from the stored state.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Next">The agent's releases after the change.</param>
/// <param name="ToReleaseId">The release the history names as the target.</param>
/// <param name="Actor">Who.</param>
/// <param name="Reason">Why.</param>
/// <param name="IncidentId">The incident, if any.</param>
/// <param name="GateOverride">The operator's reason for overriding the regression gate, if they did.</param>
internal sealed record RoutingChange(
    ActivationKind Kind,
    AgentReleaseState Next,
    string ToReleaseId,
    string Actor,
    string Reason,
    string? IncidentId = null,
    string? GateOverride = null);
