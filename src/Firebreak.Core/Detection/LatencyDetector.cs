namespace Firebreak.Detection;

/// <summary><c>latency</c>: the p95 duration of the tool's completed calls in the window is over the baseline times the threshold; alerts are per tool.</summary>
internal sealed class LatencyDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    private readonly SlidingWindow _window = new(definition.Window);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!IsCompletion(e) || !Watches(e.Tool) || e.DurationMs is not { } duration)
        {
            return null;
        }

        _window.Add(WindowEntry.Of(e, duration));
        if (_window.Count < Definition.MinSamples)
        {
            return null;
        }

        var p95 = P95(_window.Entries.Select(entry => entry.Value));
        var limit = (Definition.Baseline ?? 0) * Definition.EffectiveThreshold(strict);
        if (p95 <= limit)
        {
            return null;
        }

        var (runs, actions) = _window.Evidence(entry => entry.Value > limit);
        return Fire(
            e, Definition.Tool ?? AgentId,
            $"p95 of {_window.Count} {Definition.Tool ?? "tool"} calls in {Format((decimal)Definition.WindowSeconds)} s is {Format(p95)} ms, over {Format(limit)} ms ({Format(Definition.EffectiveThreshold(strict))} x the {Format(Definition.Baseline ?? 0)} ms baseline){(strict ? " (strict)" : string.Empty)}.",
            runs, actions);
    }

    /// <summary>The nearest-rank 95th percentile.</summary>
    public static decimal P95(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(0.95 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
