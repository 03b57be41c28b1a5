namespace Firebreak.Server.Control;

/// <summary>
/// One control change waiting for the acknowledgements of points on any node. It collects acknowledgements from the
/// moment it exists, before it knows which points it waits for, so an acknowledgement that lands between the change's
/// push and the read of the point table is not missed.
/// </summary>
/// <param name="epoch">The epoch the change stored; an acknowledgement of it or of a later epoch confirms it.</param>
internal sealed class ConfirmationWait(long epoch)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _acknowledged = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HashSet<string>? _pending;

    /// <summary>Records that <paramref name="pointId"/> acknowledged <paramref name="acknowledgedEpoch"/> at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Acknowledged(string pointId, long acknowledgedEpoch, long timestamp)
    {
        if (acknowledgedEpoch < epoch)
        {
            return;
        }

        lock (_gate)
        {
            if (_acknowledged.TryAdd(pointId, timestamp) && _pending is not null && _pending.Remove(pointId) && _pending.Count == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    /// <summary>Names the points to wait for; the task completes once each has acknowledged (at once when all already have).</summary>
    public Task Expect(IEnumerable<string> pointIds)
    {
        lock (_gate)
        {
            _pending = new HashSet<string>(pointIds.Where(id => !_acknowledged.ContainsKey(id)), StringComparer.Ordinal);
            if (_pending.Count == 0)
            {
                _done.TrySetResult();
            }
        }

        return _done.Task;
    }

    /// <summary>When <paramref name="pointId"/>'s acknowledgement arrived, if it did.</summary>
    public long? AcknowledgedAt(string pointId)
    {
        lock (_gate)
        {
            return _acknowledged.TryGetValue(pointId, out var timestamp) ? timestamp : null;
        }
    }
}
