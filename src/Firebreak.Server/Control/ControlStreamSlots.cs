using Microsoft.Extensions.Options;

namespace Firebreak.Server.Control;

/// <summary>
/// Counts the control streams open on this node, per key and in total, and refuses one beyond
/// <see cref="ControlOptions.MaxStreamsPerKey"/> or <see cref="ControlOptions.MaxStreams"/>: each stream holds a
/// connection, a subscription and a timer for as long as the client keeps it, so a key could otherwise hold them by the
/// thousand.
/// </summary>
internal sealed class ControlStreamSlots(IOptions<ControlOptions> options)
{
    private readonly Dictionary<string, int> _perKey = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>How many streams are open on this node.</summary>
    public int Open
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>
    /// Takes a slot for a stream of <paramref name="keyId"/>; the slot is given back when the returned lease is disposed,
    /// which the endpoint does when the stream ends however it ends.
    /// </summary>
    public ControlStreamAdmission TryOpen(string keyId, out IDisposable? slot)
    {
        slot = null;
        lock (_gate)
        {
            var open = _perKey.GetValueOrDefault(keyId);
            if (open >= options.Value.MaxStreamsPerKey)
            {
                return ControlStreamAdmission.KeyFull;
            }

            if (_total >= options.Value.MaxStreams)
            {
                return ControlStreamAdmission.NodeFull;
            }

            _perKey[keyId] = open + 1;
            _total++;
        }

        slot = new Slot(this, keyId);
        return ControlStreamAdmission.Opened;
    }

    private void Close(string keyId)
    {
        lock (_gate)
        {
            // Keys without open streams leave the table, so it holds only the keys streaming now.
            if (_perKey[keyId] == 1)
            {
                _perKey.Remove(keyId);
            }
            else
            {
                _perKey[keyId]--;
            }

            _total--;
        }
    }

    private sealed class Slot(ControlStreamSlots slots, string keyId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                slots.Close(keyId);
            }
        }
    }
}
