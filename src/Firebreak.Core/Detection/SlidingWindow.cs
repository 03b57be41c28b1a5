namespace Firebreak.Detection;

/// <summary>The observations of the last <c>width</c>, with their running sum; the caller's clock moves it.</summary>
internal sealed class SlidingWindow(TimeSpan width)
{
    private readonly Queue<WindowEntry> _entries = new();

    public decimal Sum { get; private set; }

    public int Count => _entries.Count;

    public IEnumerable<WindowEntry> Entries => _entries;

    public void Add(WindowEntry entry)
    {
        Evict(entry.At);
        _entries.Enqueue(entry);
        Sum += entry.Value;
    }

    /// <summary>Drops what is older than the window at <paramref name="now"/>.</summary>
    public void Evict(DateTimeOffset now)
    {
        var cutoff = now - width;
        while (_entries.TryPeek(out var first) && first.At <= cutoff)
        {
            _entries.Dequeue();
            Sum -= first.Value;
        }
    }

    /// <summary>The runs and actions behind the window, most recent last, at most <see cref="AlertDeduplication.MaxEvidence"/> of each.</summary>
    public (IReadOnlyList<string> RunIds, IReadOnlyList<long> ActionSeqs) Evidence(Func<WindowEntry, bool>? include = null)
    {
        var entries = include is null ? _entries : _entries.Where(include);
        return (
            AlertDeduplication.Last(entries.Select(e => e.RunId).OfType<string>().Distinct(StringComparer.Ordinal)),
            AlertDeduplication.Last(entries.Select(e => e.ActionSeq).OfType<long>().Distinct()));
    }
}
