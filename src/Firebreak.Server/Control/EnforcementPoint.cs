namespace Firebreak.Server.Control;

/// <summary>
/// One connected stream of an enforcement point. Acknowledgements complete the waiters of every epoch up to the
/// acknowledged one, so a change's confirmation is a task that completes on the ack, not a polling loop.
/// </summary>
/// <param name="id">The point id its stream named.</param>
/// <param name="ownerKeyId">
/// The id of the API key that registered the point (<see cref="Auth.Caller.KeyId"/>), or <see cref="EnforcementPoints.ServerOwner"/>
/// for this node's own MCP gateways. Only that key may reconnect the point or acknowledge for it.
/// </param>
/// <param name="agentId">The agent the point enforces for; <see langword="null"/> (every agent) only for operator keys.</param>
/// <param name="host">The host the point said it runs on.</param>
/// <param name="version">The version the point said it runs.</param>
/// <param name="connectedAt">When its stream opened.</param>
/// <param name="disconnected">Called once when the stream closes; the shared point table marks the point disconnected there.</param>
internal sealed class EnforcementPoint(
    string id,
    string ownerKeyId,
    string? agentId,
    string? host,
    string? version,
    DateTimeOffset connectedAt,
    Action<EnforcementPoint>? disconnected = null)
{
    private readonly Lock _gate = new();
    private readonly List<(long Epoch, TaskCompletionSource<long> Applied)> _waiters = [];
    private long _appliedEpoch;
    private long _lastAckTimestamp;
    private long _lastSeenTicks = connectedAt.UtcTicks;
    private int _connected = 1;

    public string Id { get; } = id;

    public string OwnerKeyId { get; } = ownerKeyId;

    public string? AgentId { get; } = agentId;

    public string? Host { get; } = host;

    public string? Version { get; } = version;

    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Names this stream of the point, so the shared table tells it from a later stream that took the same id over.</summary>
    public string StreamId { get; } = Guid.NewGuid().ToString("N");

    public long AppliedEpoch => Interlocked.Read(ref _appliedEpoch);

    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    /// <summary>Whether a change that reaches <paramref name="agents"/> (every agent when <see langword="null"/>) must reach this point.</summary>
    public bool IsAffectedBy(IReadOnlySet<string>? agents) => agents is null || AgentId is null || agents.Contains(AgentId);

    public void Seen(DateTimeOffset now) => Interlocked.Exchange(ref _lastSeenTicks, now.UtcTicks);

    /// <summary>Records that the point holds <paramref name="epoch"/>, at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public void Acknowledge(long epoch, long timestamp)
    {
        lock (_gate)
        {
            if (epoch <= _appliedEpoch)
            {
                return;
            }

            Interlocked.Exchange(ref _appliedEpoch, epoch);
            _lastAckTimestamp = timestamp;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Epoch <= epoch)
                {
                    _waiters[i].Applied.TrySetResult(timestamp);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>A task that completes with the acknowledgement timestamp once the point holds <paramref name="epoch"/> or later.</summary>
    public Task<long> WhenApplied(long epoch)
    {
        lock (_gate)
        {
            if (_appliedEpoch >= epoch)
            {
                return Task.FromResult(_lastAckTimestamp);
            }

            var applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((epoch, applied));
            return applied.Task;
        }
    }

    /// <summary>Drops the waiter behind <paramref name="task"/> when its wait ended without an acknowledgement.</summary>
    public void StopWaiting(Task<long> task)
    {
        lock (_gate)
        {
            _waiters.RemoveAll(w => w.Applied.Task == task);
        }
    }

    public void Disconnect()
    {
        if (Interlocked.Exchange(ref _connected, 0) == 1)
        {
            disconnected?.Invoke(this);
        }
    }
}
