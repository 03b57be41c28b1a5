namespace Firebreak.Server.Control;

/// <summary>
/// An acknowledgement waiting in <see cref="PointDirectory"/>'s queue to be recorded with the others that arrived with it.
/// </summary>
/// <param name="pointId">The acknowledging point.</param>
/// <param name="keyId">The key that sent the acknowledgement; it counts only if this key owns the point.</param>
/// <param name="epoch">The acknowledged epoch.</param>
internal sealed class PendingAck(string pointId, string keyId, long epoch)
{
    private readonly TaskCompletionSource<bool> _recorded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string PointId => pointId;

    public string KeyId => keyId;

    public long Epoch => epoch;

    /// <summary>Completes with whether the acknowledgement was recorded: <see langword="false"/> when the key does not own a point of that id.</summary>
    public Task<bool> Recorded => _recorded.Task;

    public void Complete(bool recorded) => _recorded.TrySetResult(recorded);

    public void Fail(Exception exception) => _recorded.TrySetException(exception);

    public void Cancel() => _recorded.TrySetCanceled();
}
