using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Detection;

/// <summary>
/// Every detector of one agent over that agent's events in ledger order. Fills in what an entry leaves out (a step's
/// correlation id from its run, a completion's tool, correlation id and action from its action) before the detectors see it.
/// </summary>
internal sealed class AgentDetection
{
    public const int MaxTracked = 10_000;

    private readonly BoundedMap<string> _runs = new(MaxTracked);
    private readonly BoundedMap<(string Tool, string? CorrelationId, long? ActionSeq)> _pending = new(MaxTracked);

    public AgentDetection(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        Agent = agent;
        Detectors = [.. (agent.Detectors ?? []).Select(d => DetectorFactory.Create(d, agent))];
    }

    public AgentDefinition Agent { get; }

    public IReadOnlyList<Detector> Detectors { get; }

    /// <summary>Feeds <paramref name="e"/> to every detector; returns what fired, in the order the detectors are declared.</summary>
    public IReadOnlyList<DetectorFinding> Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        var enriched = Enrich(e);
        List<DetectorFinding>? findings = null;
        foreach (var detector in Detectors)
        {
            if (detector.Observe(enriched, strict) is { } finding)
            {
                (findings ??= []).Add(finding);
            }
        }

        return findings ?? (IReadOnlyList<DetectorFinding>)[];
    }

    private DetectionEvent Enrich(DetectionEvent e)
    {
        switch (e.Kind)
        {
            case DetectionEventKind.RunStarted when e.RunId is { } run && e.CorrelationId is { } correlation:
                _runs.Set(run, correlation);
                return e;
            case DetectionEventKind.RunEnded when e.RunId is { } run:
                var ended = e with { CorrelationId = _runs.TryGet(run, out var c) ? c : null };
                _runs.Remove(run);
                return ended;
            case DetectionEventKind.Step when e.RunId is { } run:
                return e with { CorrelationId = _runs.TryGet(run, out var stepCorrelation) ? stepCorrelation : null };
            case DetectionEventKind.Action:
                var action = e.CorrelationId is null && e.RunId is { } actionRun && _runs.TryGet(actionRun, out var runCorrelation)
                    ? e with { CorrelationId = runCorrelation }
                    : e;
                if (action.Outcome == ActionOutcome.Pending && action.IdempotencyKey is { } key && action.Tool is { } tool)
                {
                    _pending.Set(key, (tool, action.CorrelationId, action.ActionSeq));
                }

                return action;
            case DetectionEventKind.ActionCompleted when e.IdempotencyKey is { } completedKey && _pending.TryGet(completedKey, out var pending):
                _pending.Remove(completedKey);
                return e with { Tool = pending.Tool, CorrelationId = pending.CorrelationId, ActionSeq = pending.ActionSeq };
            default:
                return e;
        }
    }
}
