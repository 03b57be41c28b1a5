using Firebreak.Control;

namespace Firebreak.Server.Control;

/// <summary>An enforcement point as this node sees it; <see cref="LeaseState"/> says whether it heard from this node within the lease time to live.</summary>
public sealed record EnforcementPointInfo(
    string PointId,
    string? AgentId,
    string? Host,
    string? Version,
    bool Connected,
    DateTimeOffset ConnectedAt,
    DateTimeOffset LastSeen,
    long AppliedEpoch,
    LeaseState LeaseState);
