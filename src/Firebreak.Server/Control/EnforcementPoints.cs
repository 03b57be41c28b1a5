using System.Collections.Concurrent;
using Firebreak.Control;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Control;

/// <summary>
/// The enforcement points whose streams this node serves. In memory and per node: a point's lease and
/// acknowledgements belong to the stream it holds, so they live where that stream is.
/// </summary>
internal sealed class EnforcementPoints(TimeProvider time, IOptions<ControlOptions> options)
{
    private readonly ConcurrentDictionary<string, EnforcementPoint> _points = new(StringComparer.Ordinal);

    /// <summary>Registers a stream; a reconnect with the same point id replaces the earlier stream.</summary>
    public EnforcementPoint Connect(string pointId, string? agentId, string? host, string? version)
    {
        var point = new EnforcementPoint(pointId, agentId, host, version, time.GetUtcNow());
        _points[pointId] = point;
        return point;
    }

    public EnforcementPoint? Find(string pointId) => _points.GetValueOrDefault(pointId);

    public void Acknowledge(EnforcementPoint point, long epoch)
    {
        point.Seen(time.GetUtcNow());
        point.Acknowledge(epoch, time.GetTimestamp());
    }

    public IReadOnlyList<EnforcementPointInfo> List()
    {
        var now = time.GetUtcNow();
        var ttl = options.Value.LeaseTtl;
        return [.. _points.Values
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
        var waits = _points.Values
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
}
