namespace SupportDesk.Backend.Memory;

/// <summary>
/// The agent's knowledge base, in process: a few policy documents from the start, and any a drill plants. Retrieval
/// is by topic: a document is relevant when the ticket's text contains one of its topics. Quarantined sources are never
/// retrieved.
/// </summary>
public sealed class KnowledgeBase
{
    private readonly Lock _gate = new();
    private readonly AgentMemory _memory;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, KnowledgeDocument> _documents = new(StringComparer.Ordinal);

    public KnowledgeBase(AgentMemory memory, TimeProvider time)
    {
        _memory = memory;
        _time = time;
        Add("kb:refund-policy", "Refund policy", "We refund items that arrive damaged or never arrive, up to the amount paid. Changing your mind is not covered.", ["refund", "damaged", "broken"]);
        Add("kb:shipping", "Shipping times", "Orders ship within two working days and arrive within five. Tracking links are sent by email.", ["where is", "delivered", "shipping"]);
    }

    public KnowledgeDocument Add(string source, string title, string text, IReadOnlyList<string> topics)
    {
        var document = new KnowledgeDocument(source, title, text, [.. topics.Select(t => t.ToLowerInvariant())], _time.GetUtcNow());
        lock (_gate)
        {
            _documents[source] = document;
        }

        return document;
    }

    /// <summary>The documents relevant to <paramref name="text"/>, by source, without quarantined sources.</summary>
    public IReadOnlyList<KnowledgeDocument> Search(string text)
    {
        var quarantined = _memory.Snapshot().QuarantinedSources.ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            return [.. _documents.Values
                .Where(d => !quarantined.Contains(d.Source) && d.Topics.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(d => d.Source, StringComparer.Ordinal)];
        }
    }
}
