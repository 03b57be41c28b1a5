namespace Firebreak.Control;

/// <summary>An enforcement point the server knows, as listed by <c>GET /api/v1/enforcement-points</c>.</summary>
/// <param name="PointId">The point's id, unique per process (the SDK uses <c>&lt;agent&gt;-&lt;random&gt;</c>).</param>
/// <param name="AgentId">The agent it guards; <see langword="null"/> for a point watching every agent.</param>
/// <param name="Host">The host it runs on, as it reported.</param>
/// <param name="Version">Its software version, as it reported.</param>
/// <param name="Connected">Whether its stream is open now.</param>
/// <param name="ConnectedAt">When its current or last stream opened.</param>
/// <param name="LastSeen">When the server last sent it an event or received its acknowledgement.</param>
/// <param name="AppliedEpoch">The latest epoch it acknowledged.</param>
/// <param name="LeaseState">Whether its lease is fresh, as the server reckons it.</param>
/// <param name="Node">
/// The server node its stream is on (or was last on), when several nodes share one PostgreSQL database;
/// <see langword="null"/> on a single SQLite node.
/// </param>
public sealed record EnforcementPointInfo(
    string PointId,
    string? AgentId,
    string? Host,
    string? Version,
    bool Connected,
    DateTimeOffset ConnectedAt,
    DateTimeOffset LastSeen,
    long AppliedEpoch,
    LeaseState LeaseState,
    string? Node = null);
