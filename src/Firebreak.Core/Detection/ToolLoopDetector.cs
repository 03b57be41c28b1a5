namespace Firebreak.Detection;

/// <summary><c>tool-loop</c>: one run called the same tool with the same arguments more than the threshold times; alerts are per request.</summary>
internal sealed class ToolLoopDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    public const int MaxRuns = 10_000;

    private readonly BoundedMap<Dictionary<string, List<long>>> _runs = new(MaxRuns);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.RunId is not { } run)
        {
            return null;
        }

        if (e.Kind == DetectionEventKind.RunEnded)
        {
            _runs.Remove(run);
            return null;
        }

        if (e.Kind != DetectionEventKind.Action || !Watches(e.Tool) || e.ArgumentsDigest is not { } digest)
        {
            return null;
        }

        if (!_runs.TryGet(run, out var calls))
        {
            calls = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            _runs.Set(run, calls);
        }

        var key = $"{e.Tool}\n{digest}";
        if (!calls.TryGetValue(key, out var seqs))
        {
            seqs = [];
            calls[key] = seqs;
        }

        seqs.Add(e.ActionSeq ?? e.Seq);
        var limit = Definition.EffectiveThreshold(strict);
        return seqs.Count > limit
            ? Fire(
                e, e.CorrelationId ?? run,
                $"Run {run} called {e.Tool} with the same arguments {seqs.Count} times, over the limit of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
                [run], AlertDeduplication.Last(seqs))
            : null;
    }
}
