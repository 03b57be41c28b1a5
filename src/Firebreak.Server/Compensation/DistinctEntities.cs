using System.Text;
using Firebreak.Compensation;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Counts the distinct ids per entity type of streamed <c>(entity_type, entity_id)</c> pairs, exactly: one
/// <see cref="Utf8Set"/> per type, the types themselves kept in one more.
/// </summary>
/// <param name="capacity">How many ids each type's set makes room for before it grows.</param>
internal sealed class DistinctEntities(int capacity) : IUtf8PairSink
{
    private readonly Utf8Set _types = new();
    private readonly List<Utf8Set> _ids = [];

    public void Add(ReadOnlySpan<byte> type, ReadOnlySpan<byte> id)
    {
        var index = _types.Add(type);
        if (index == _ids.Count)
        {
            _ids.Add(new Utf8Set(capacity));
        }

        _ids[index].Add(id);
    }

    /// <summary>The count per type, most distinct first, ties by type name.</summary>
    public IReadOnlyList<EntityCount> Counts() =>
    [
        .. _ids.Select((ids, index) => new EntityCount(Encoding.UTF8.GetString(_types[index]), ids.Count))
            .OrderByDescending(e => e.Distinct)
            .ThenBy(e => e.Type, StringComparer.Ordinal),
    ];
}
