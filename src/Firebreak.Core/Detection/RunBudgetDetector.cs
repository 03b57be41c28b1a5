using Firebreak.Ledger;

namespace Firebreak.Detection;

/// <summary><c>run-budget</c>: one run's tokens, model calls or steps are over the threshold; alerts are per request.</summary>
internal sealed class RunBudgetDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    public const int MaxRuns = 10_000;

    /// <summary>The JSON name of <see cref="StepKind.ModelCall"/>.</summary>
    public const string ModelCallStep = "model_call";

    private readonly BoundedMap<decimal> _runs = new(MaxRuns);
    private readonly DetectorMeasure _measure = definition.Measure ?? DetectorMeasure.Tokens;

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

        if (e.Kind != DetectionEventKind.Step)
        {
            return null;
        }

        var modelCall = e.StepKind == ModelCallStep;
        var added = _measure switch
        {
            DetectorMeasure.Steps => 1,
            DetectorMeasure.ModelCalls => modelCall ? 1 : 0,
            _ => modelCall ? e.Tokens : 0,
        };
        if (added == 0)
        {
            return null;
        }

        var total = (_runs.TryGet(run, out var sum) ? sum : 0) + added;
        _runs.Set(run, total);
        var limit = Definition.EffectiveThreshold(strict);
        return total > limit
            ? Fire(
                e, e.CorrelationId ?? run,
                $"Run {run} used {Format(total)} {Name(_measure)}, over the budget of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
                [run], [])
            : null;
    }

    private static string Name(DetectorMeasure measure) => measure switch
    {
        DetectorMeasure.Steps => "steps",
        DetectorMeasure.ModelCalls => "model calls",
        _ => "tokens",
    };
}
