namespace Firebreak.Detection;

/// <summary>A map that forgets its oldest keys beyond <c>capacity</c>, for state kept per run or per pending call whose end may never be seen.</summary>
internal sealed class BoundedMap<TValue>(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, TValue Value)>> _nodes = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, TValue Value)> _order = new();

    public int Count => _nodes.Count;

    public bool TryGet(string key, out TValue value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            value = node.Value.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string key, TValue value)
    {
        if (_nodes.TryGetValue(key, out var node))
        {
            node.Value = (key, value);
            return;
        }

        _nodes[key] = _order.AddLast((key, value));
        if (_nodes.Count > capacity)
        {
            _nodes.Remove(_order.First!.Value.Key);
            _order.RemoveFirst();
        }
    }

    public void Remove(string key)
    {
        if (_nodes.Remove(key, out var node))
        {
            _order.Remove(node);
        }
    }
}
