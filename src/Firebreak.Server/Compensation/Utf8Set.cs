using System.Numerics;

namespace Firebreak.Server.Compensation;

/// <summary>
/// A set of byte strings (UTF-8 text as the database stores it), compared byte for byte, as SQLite's and PostgreSQL's
/// <c>DISTINCT</c> compare text. The values lie back to back in one array and the table is open-addressed with each
/// slot holding the value's hash: a value allocates nothing of its own, and a probe touches the stored bytes only when
/// the hashes match. <see cref="HashCode"/> is seeded per process, so ids chosen to collide cannot be prepared ahead.
/// </summary>
internal sealed class Utf8Set
{
    private byte[] _bytes;
    private int _used;
    private (int Offset, int Length)[] _values;
    private (int Hash, int Value)[] _slots;

    /// <param name="capacity">How many values to make room for before the set grows.</param>
    public Utf8Set(int capacity = 8)
    {
        capacity = Math.Max(8, capacity);
        _values = new (int, int)[capacity];
        _bytes = new byte[capacity * 8];

        // At most half full, so that a probe ends after a slot or two.
        _slots = new (int, int)[BitOperations.RoundUpToPowerOf2((uint)capacity * 2)];
    }

    public int Count { get; private set; }

    /// <summary>The value numbered <paramref name="index"/>, in the order the values were first added.</summary>
    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_values[index].Offset, _values[index].Length);

    /// <summary>Adds <paramref name="value"/> unless present; returns its number either way.</summary>
    public int Add(ReadOnlySpan<byte> value)
    {
        var hashCode = new HashCode();
        hashCode.AddBytes(value);
        var hash = hashCode.ToHashCode();
        var mask = _slots.Length - 1;
        var slot = hash & mask;

        // A slot's value is stored plus one, so that zero marks an empty slot.
        while (_slots[slot].Value != 0)
        {
            if (_slots[slot].Hash == hash && this[_slots[slot].Value - 1].SequenceEqual(value))
            {
                return _slots[slot].Value - 1;
            }

            slot = (slot + 1) & mask;
        }

        if (Count == _values.Length)
        {
            Array.Resize(ref _values, Count * 2);
        }

        if (_bytes.Length - _used < value.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, (long)_used + value.Length)));
        }

        value.CopyTo(_bytes.AsSpan(_used));
        _values[Count] = (_used, value.Length);
        _used += value.Length;
        _slots[slot] = (hash, ++Count);
        if (Count * 2 > _slots.Length)
        {
            Grow();
        }

        return Count - 1;
    }

    private void Grow()
    {
        var slots = new (int Hash, int Value)[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var entry in _slots)
        {
            if (entry.Value == 0)
            {
                continue;
            }

            var slot = entry.Hash & mask;
            while (slots[slot].Value != 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = entry;
        }

        _slots = slots;
    }
}
