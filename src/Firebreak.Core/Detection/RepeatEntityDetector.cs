namespace Firebreak.Detection;

/// <summary><c>repeat-customer</c>: one entity was the subject of the tool more than the threshold times in the window; alerts are per entity.</summary>
internal sealed class RepeatEntityDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    private readonly Dictionary<string, SlidingWindow> _byEntity = new(StringComparer.Ordinal);
    private readonly string _prefix = (definition.EntityType ?? "customer") + ":";
    private int _sweepAt = 1024;

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind != DetectionEventKind.Action || !Watches(e.Tool) || !MayTakeEffect(e.Outcome) || e.Entities is not { Count: > 0 } entities)
        {
            return null;
        }

        Sweep(e.At);
        DetectorFinding? finding = null;
        foreach (var entity in entities.Where(x => x.StartsWith(_prefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal))
        {
            if (!_byEntity.TryGetValue(entity, out var window))
            {
                window = new SlidingWindow(Definition.Window);
                _byEntity[entity] = window;
            }

            window.Add(WindowEntry.Of(e, 1));
            var limit = Definition.EffectiveThreshold(strict);
            if (window.Count > limit)
            {
                var (runs, actions) = window.Evidence();
                finding ??= Fire(
                    e, entity,
                    $"{entity} was the subject of {e.Tool} {window.Count} times in {Format((decimal)Definition.WindowSeconds)} s, over the limit of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
                    runs, actions);
            }
        }

        return finding;
    }

    /// <summary>Forgets entities whose window emptied, whenever the map has doubled since the last sweep.</summary>
    private void Sweep(DateTimeOffset now)
    {
        if (_byEntity.Count < _sweepAt)
        {
            return;
        }

        foreach (var (entity, window) in _byEntity.ToList())
        {
            window.Evict(now);
            if (window.Count == 0)
            {
                _byEntity.Remove(entity);
            }
        }

        _sweepAt = Math.Max(1024, _byEntity.Count * 2);
    }
}
