using System.Collections.Concurrent;
using Firebreak.Control;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Control;

/// <summary>
/// The enforcement points, their leases and their acknowledgements. On SQLite, where one node serves every stream, in
/// this node's memory; on PostgreSQL in the table every node shares (<see cref="PointDirectory"/>), so a change made
/// through any node waits for the points of all of them, and the rules below hold for the whole cluster.
/// </summary>
/// <remarks>
/// <para>
/// A point id belongs to the API key that registered it (<see cref="Auth.Caller.KeyId"/>) for as long as its entry
/// lives: while connected, and for <see cref="ControlOptions.PointRetention"/> after its last contact once disconnected.
/// Another key naming that id is refused and the entry, its acknowledgements and its lease stay exactly as they were,
/// so no key can hide a real point from a kill's confirmation table by taking its id over. The owner reconnecting
/// replaces its own entry, which is how an SDK resumes after a dropped stream. Only the owner acknowledges for it.
/// </para>
/// <para>
/// Disconnected entries expire after the retention, and the table is bounded by <see cref="ControlOptions.MaxPoints"/>:
/// a new point beyond it first drops the expired entries, then evicts the disconnected point heard from longest ago,
/// and is refused (<see cref="PointRegistration.TableFull"/>) only when every point in the table is connected.
/// This node's MCP gateways (<see cref="ConnectGateway"/>) are not refused by the bound: there is one per agent with
/// MCP upstreams, and refusing one would leave that agent's gateway outside containment.
/// </para>
/// </remarks>
internal sealed partial class EnforcementPoints(
    TimeProvider time,
    IOptions<ControlOptions> options,
    ILogger<EnforcementPoints> logger,
    PointDirectory? shared = null)
{
    /// <summary>The owner of this node's MCP gateway points. API key ids start with <c>key_</c>, so no key can be this owner.</summary>
    public const string ServerOwner = "firebreak:server";

    /// <summary>The prefix of the point ids of this node's MCP gateways; streams may not register ids that start with it.</summary>
    public const string GatewayPointPrefix = "mcp-gateway-";

    private readonly ConcurrentDictionary<string, EnforcementPoint> _points = new(StringComparer.Ordinal);

    // Registration reads the owner and the size, then writes; one at a time, so two keys racing for an id cannot both
    // win and the bound holds. Lookups, acknowledgements and confirmation waits read without it.
    private readonly Lock _gate = new();
    private DateTimeOffset _swept = DateTimeOffset.MinValue;

    /// <summary>
    /// Registers the stream of <paramref name="keyId"/> as point <paramref name="pointId"/>, unless the id is reserved,
    /// belongs to another key whose entry has not expired, or the table is full of connected points; a refusal changes nothing.
    /// This node's own table, the one SQLite uses; <see cref="ConnectAsync"/> picks the shared one when there is one.
    /// </summary>
    /// <param name="pointId">The point id the stream names.</param>
    /// <param name="keyId">The id of the calling key, which owns the point from now on.</param>
    /// <param name="agentId">The point's agent; the endpoint allows <see langword="null"/> (every agent) only for operator keys.</param>
    /// <param name="host">The host the point says it runs on.</param>
    /// <param name="version">The version the point says it runs.</param>
    /// <param name="point">The registered point, when the answer is <see cref="PointRegistration.Connected"/>.</param>
    public PointRegistration TryConnect(string pointId, string keyId, string? agentId, string? host, string? version, out EnforcementPoint? point)
    {
        point = null;
        if (pointId.StartsWith(GatewayPointPrefix, StringComparison.Ordinal))
        {
            LogReservedRefused(logger, pointId, keyId);
            return PointRegistration.Reserved;
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            SweepIfDue(now);
            if (_points.TryGetValue(pointId, out var existing))
            {
                if (!IsExpired(existing, now) && !string.Equals(existing.OwnerKeyId, keyId, StringComparison.Ordinal))
                {
                    LogTakeoverRefused(logger, pointId, keyId);
                    return PointRegistration.OwnedByAnotherKey;
                }

                _points.TryRemove(pointId, out _);
            }

            if (!MakeRoom(now))
            {
                LogTableFull(logger, pointId, keyId, _points.Count);
                return PointRegistration.TableFull;
            }

            point = new EnforcementPoint(pointId, keyId, agentId, host, version, now);
            _points[pointId] = point;
            return PointRegistration.Connected;
        }
    }

    /// <summary>
    /// Registers this node's MCP gateway for <paramref name="agentId"/>, replacing an earlier gateway of the same id.
    /// Streams cannot register ids with <see cref="GatewayPointPrefix"/>, so the only entry this replaces is a gateway's.
    /// </summary>
    public EnforcementPoint ConnectGateway(string pointId, string agentId, string host, string version)
    {
        if (!pointId.StartsWith(GatewayPointPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A gateway point id starts with '{GatewayPointPrefix}'.", nameof(pointId));
        }

        if (shared is not null)
        {
            var gateway = new EnforcementPoint(pointId, ServerOwner, agentId, host, version, time.GetUtcNow(), shared.Disconnected);
            shared.ClaimGateway(gateway);
            return gateway;
        }

        lock (_gate)
        {
            var point = new EnforcementPoint(pointId, ServerOwner, agentId, host, version, time.GetUtcNow());
            _points[pointId] = point;
            return point;
        }
    }

    /// <summary>
    /// Registers a stream as <see cref="TryConnect"/> does, in the shared table when there is one.
    /// <paramref name="resumedEpoch"/> is the epoch the stream resumes from (its <c>Last-Event-ID</c>, at most the current
    /// epoch): the point holds it already, since only the owner can open the point's stream.
    /// </summary>
    public async Task<(PointRegistration Registration, EnforcementPoint? Point)> ConnectAsync(
        string pointId,
        string keyId,
        string? agentId,
        string? host,
        string? version,
        long resumedEpoch,
        CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            var registration = TryConnect(pointId, keyId, agentId, host, version, out var point);
            if (point is not null && resumedEpoch > 0)
            {
                point.Acknowledge(resumedEpoch, time.GetTimestamp());
            }

            return (registration, point);
        }

        if (pointId.StartsWith(GatewayPointPrefix, StringComparison.Ordinal))
        {
            LogReservedRefused(logger, pointId, keyId);
            return (PointRegistration.Reserved, null);
        }

        var candidate = new EnforcementPoint(pointId, keyId, agentId, host, version, time.GetUtcNow(), shared.Disconnected);
        if (resumedEpoch > 0)
        {
            candidate.Acknowledge(resumedEpoch, time.GetTimestamp());
        }

        var claimed = await shared.ClaimAsync(candidate, resumedEpoch, options.Value.MaxPoints, cancellationToken);
        switch (claimed)
        {
            case PointRegistration.OwnedByAnotherKey:
                LogTakeoverRefused(logger, pointId, keyId);
                break;
            case PointRegistration.TableFull:
                LogTableFull(logger, pointId, keyId, options.Value.MaxPoints);
                break;
        }

        return (claimed, claimed == PointRegistration.Connected ? candidate : null);
    }

    /// <summary>
    /// Records an acknowledgement sent to this node for a point on any node, only from <paramref name="keyId"/> when it
    /// owns the point; anything else changes nothing.
    /// </summary>
    public async Task<AckOutcome> AcknowledgeAsync(string pointId, string keyId, long epoch, CancellationToken cancellationToken)
    {
        if (shared is null)
        {
            if (Find(pointId) is not { } point)
            {
                return AckOutcome.NotFound;
            }

            return TryAcknowledge(point, keyId, epoch) ? AckOutcome.Acknowledged : AckOutcome.Forbidden;
        }

        var outcome = await shared.AcknowledgeAsync(pointId, keyId, epoch, cancellationToken);
        if (outcome == AckOutcome.Forbidden)
        {
            LogAckRefused(logger, pointId, keyId);
        }

        return outcome;
    }

    /// <summary>Every point of the cluster (or of this node, on SQLite) that has not expired, ordered by id.</summary>
    public async Task<IReadOnlyList<EnforcementPointInfo>> ListAsync(CancellationToken cancellationToken) =>
        shared is null ? List() : await shared.ListAsync(cancellationToken);

    /// <summary>The point registered as <paramref name="pointId"/>, unless it has expired.</summary>
    public EnforcementPoint? Find(string pointId) =>
        _points.TryGetValue(pointId, out var point) && !IsExpired(point, time.GetUtcNow()) ? point : null;

    /// <summary>Records an acknowledgement this node's own MCP gateway made (in the shared table too, when there is one).</summary>
    public void Acknowledge(EnforcementPoint point, long epoch)
    {
        point.Seen(time.GetUtcNow());
        point.Acknowledge(epoch, time.GetTimestamp());
        shared?.Acknowledge(point, epoch);
    }

    /// <summary>Records the acknowledgement when <paramref name="keyId"/> owns <paramref name="point"/>; otherwise changes nothing and returns <see langword="false"/>.</summary>
    public bool TryAcknowledge(EnforcementPoint point, string keyId, long epoch)
    {
        if (!string.Equals(point.OwnerKeyId, keyId, StringComparison.Ordinal))
        {
            LogAckRefused(logger, point.Id, keyId);
            return false;
        }

        Acknowledge(point, epoch);
        return true;
    }

    public IReadOnlyList<EnforcementPointInfo> List()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            SweepIfDue(now);
        }

        var ttl = options.Value.LeaseTtl;
        return [.. Live(now)
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new EnforcementPointInfo(
                p.Id, p.AgentId, p.Host, p.Version, p.Connected, p.ConnectedAt, p.LastSeen, p.AppliedEpoch,
                p.Connected ? Lease.Evaluate(p.LastSeen, ttl, now) : LeaseState.Stale))];
    }

    /// <summary>
    /// Waits until every connected point that <paramref name="agents"/> reach (all points when <see langword="null"/>)
    /// holds <paramref name="epoch"/>, or <paramref name="timeout"/> passes, and reports each point.
    /// A point that already acknowledged the epoch counts even if it has disconnected since: the change is pushed
    /// before this is called, and an agent that obeys a kill by exiting must still show as confirmed.
    /// Latencies count from <paramref name="pushedAt"/>, a <see cref="TimeProvider.GetTimestamp"/>.
    /// </summary>
    public async Task<IReadOnlyList<PointConfirmation>> WaitForConfirmationsAsync(
        long epoch,
        IReadOnlySet<string>? agents,
        long pushedAt,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (shared is not null)
        {
            return await shared.WaitAsync(epoch, agents, pushedAt, timeout, cancellationToken);
        }

        var waits = Live(time.GetUtcNow())
            .Where(p => (p.Connected || p.AppliedEpoch >= epoch) && p.IsAffectedBy(agents))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => (Point: p, Applied: p.WhenApplied(epoch)))
            .ToList();
        if (timeout > TimeSpan.Zero && waits.Any(w => !w.Applied.IsCompleted))
        {
            try
            {
                await Task.WhenAll(waits.Select(w => w.Applied)).WaitAsync(timeout, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The table below says which points did not confirm in time; that is the answer, not an error.
            }
        }

        return [.. waits.Select(w =>
        {
            if (!w.Applied.IsCompletedSuccessfully)
            {
                w.Point.StopWaiting(w.Applied);
                return new PointConfirmation(w.Point.Id, w.Point.AgentId, w.Point.Host, w.Point.Version, false, w.Point.AppliedEpoch, null);
            }

            var latency = Math.Max(0, time.GetElapsedTime(pushedAt, w.Applied.Result).TotalMilliseconds);
            return new PointConfirmation(w.Point.Id, w.Point.AgentId, w.Point.Host, w.Point.Version, true, w.Point.AppliedEpoch, latency);
        })];
    }

    private IEnumerable<EnforcementPoint> Live(DateTimeOffset now) => _points.Values.Where(p => !IsExpired(p, now));

    /// <summary>A disconnected point expires once nothing was heard from it for the retention; a connected one never does.</summary>
    private bool IsExpired(EnforcementPoint point, DateTimeOffset now) =>
        !point.Connected && now - point.LastSeen >= options.Value.PointRetention;

    /// <summary>Drops expired entries at most once per retention, so registering stays cheap with a large table. Called under the gate.</summary>
    private void SweepIfDue(DateTimeOffset now)
    {
        if (now - _swept >= options.Value.PointRetention)
        {
            Sweep(now);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _swept = now;
        foreach (var entry in _points)
        {
            if (IsExpired(entry.Value, now))
            {
                // Removes this entry only, not a newer point registered under the same id since.
                _points.TryRemove(entry);
            }
        }
    }

    /// <summary>Makes room for one more point: expired entries first, then the disconnected point heard from longest ago. Called under the gate.</summary>
    private bool MakeRoom(DateTimeOffset now)
    {
        if (_points.Count < options.Value.MaxPoints)
        {
            return true;
        }

        Sweep(now);
        if (_points.Count < options.Value.MaxPoints)
        {
            return true;
        }

        var oldest = _points.Where(p => !p.Value.Connected).OrderBy(p => p.Value.LastSeen).FirstOrDefault();
        return oldest.Value is not null && _points.TryRemove(oldest);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} was refused enforcement point {PointId}: it belongs to another key")]
    private static partial void LogTakeoverRefused(ILogger logger, string pointId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} was refused enforcement point {PointId}: the id is reserved for the server's MCP gateways")]
    private static partial void LogReservedRefused(ILogger logger, string pointId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} was refused an acknowledgement for enforcement point {PointId}: it belongs to another key")]
    private static partial void LogAckRefused(ILogger logger, string pointId, string keyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Key {KeyId} was refused enforcement point {PointId}: all {Count} points in the table are connected")]
    private static partial void LogTableFull(ILogger logger, string pointId, string keyId, int count);
}
