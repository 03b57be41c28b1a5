using Firebreak.Control;
using Firebreak.Registry;

namespace Firebreak.Server.Control;

/// <summary>The data of a <c>snapshot</c> stream event: the control state and the catalogs it is decided against.</summary>
public sealed record ControlStreamSnapshot(
    long Epoch,
    ControlSnapshot Snapshot,
    IReadOnlyList<AgentDefinition> Agents,
    long LeaseTtlMs,
    DateTimeOffset ServerTime);
