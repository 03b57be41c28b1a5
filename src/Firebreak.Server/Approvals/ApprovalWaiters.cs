using System.Collections.Concurrent;

namespace Firebreak.Server.Approvals;

/// <summary>Wakes long-polls on this node when an approval is decided, so they answer at once rather than polling the store.</summary>
internal sealed class ApprovalWaiters(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiters = new(StringComparer.Ordinal);

    /// <summary>Waits until <see cref="Signal"/> for <paramref name="id"/> or until <paramref name="timeout"/>; either way the caller re-reads the store.</summary>
    public async Task WaitAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var decided = _waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            await decided.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still undecided: the caller answers with the pending approval. Dropping the entry keeps undecided,
            // expired approvals from piling up; a waiter that shares it just answers at its own timeout.
            _waiters.TryRemove(KeyValuePair.Create(id, decided));
        }
    }

    public void Signal(string id)
    {
        if (_waiters.TryRemove(id, out var decided))
        {
            decided.TrySetResult();
        }
    }
}
