using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>The data of a control stream <c>snapshot</c> event: the whole control state and the registry it applies to.</summary>
/// <param name="Epoch">The snapshot's epoch, also the SSE event id.</param>
/// <param name="Snapshot">The control state (filtered to global and the subscriber's agent for an agent key).</param>
/// <param name="Agents">The registered definitions of the agents the stream covers, so tool risk and fail modes travel with the controls.</param>
/// <param name="LeaseTtlMs">How long, in milliseconds, each stream event keeps the point's lease fresh.</param>
/// <param name="ServerTime">The server's clock when it sent the event.</param>
public sealed record ControlSnapshotEvent(
    long Epoch,
    ControlSnapshot Snapshot,
    IReadOnlyList<AgentDefinition> Agents,
    long LeaseTtlMs,
    DateTimeOffset ServerTime);
