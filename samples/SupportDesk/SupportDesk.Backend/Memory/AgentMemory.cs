namespace SupportDesk.Backend.Memory;

/// <summary>
/// The agent's small memory store and its knowledge sources, in process. Purges are idempotent by key: a retried purge
/// answers its first result and removes nothing more, so each purge takes effect exactly once.
/// </summary>
public sealed class AgentMemory(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<MemoryEntry> _entries = [];
    private readonly Dictionary<string, MemoryPurge> _purges = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _quarantined = new(StringComparer.Ordinal);
    private int _next;
    private int _purgeCalls;
    private int _quarantineCalls;

    public MemoryEntry Write(string text, string? correlationId)
    {
        lock (_gate)
        {
            var entry = new MemoryEntry($"m-{++_next}", text, correlationId, time.GetUtcNow());
            _entries.Add(entry);
            return entry;
        }
    }

    public MemorySnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MemorySnapshot([.. _entries], _purges.Count, [.. _quarantined], _purgeCalls, _quarantineCalls);
        }
    }

    /// <summary>The entries written in the window, to read a purge back.</summary>
    public IReadOnlyList<MemoryEntry> Written(DateTimeOffset since, DateTimeOffset until)
    {
        lock (_gate)
        {
            return [.. _entries.Where(e => e.WrittenAt >= since && e.WrittenAt < until)];
        }
    }

    public bool IsQuarantined(string source)
    {
        lock (_gate)
        {
            return _quarantined.Contains(source);
        }
    }

    /// <summary>Removes the entries written in the window, once per key; <c>Created</c> is false when the key was seen before.</summary>
    public (MemoryPurge Purge, bool Created) Purge(string key, DateTimeOffset since, DateTimeOffset until)
    {
        lock (_gate)
        {
            _purgeCalls++;
            if (_purges.TryGetValue(key, out var earlier))
            {
                return (earlier, false);
            }

            var purged = _entries.Where(e => e.WrittenAt >= since && e.WrittenAt < until).ToList();
            _entries.RemoveAll(purged.Contains);
            var purge = new MemoryPurge(key, since, until, [.. purged.Select(e => e.Id)], time.GetUtcNow());
            _purges[key] = purge;
            return (purge, true);
        }
    }

    /// <summary>Quarantines a knowledge source; a source quarantined before stays as it is.</summary>
    public void Quarantine(string source)
    {
        lock (_gate)
        {
            _quarantineCalls++;
            _quarantined.Add(source);
        }
    }
}
