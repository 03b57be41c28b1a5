using Firebreak.Ledger;

namespace Firebreak.Detection;

/// <summary><c>tool-error-rate</c>: the share of the tool's completed calls in the window that failed is over the threshold; alerts are per tool.</summary>
internal sealed class ToolErrorRateDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    private readonly SlidingWindow _window = new(definition.Window);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!IsCompletion(e) || !Watches(e.Tool))
        {
            return null;
        }

        var failed = e.Outcome == ActionOutcome.Failed;
        _window.Add(WindowEntry.Of(e, failed ? 1 : 0));
        var limit = Definition.EffectiveThreshold(strict);
        if (!failed || _window.Count < Definition.MinSamples || _window.Sum / _window.Count <= limit)
        {
            return null;
        }

        var (runs, actions) = _window.Evidence(entry => entry.Value > 0);
        return Fire(
            e, Definition.Tool ?? AgentId,
            $"{Format(_window.Sum)} of {_window.Count} {Definition.Tool ?? "tool"} calls failed in {Format((decimal)Definition.WindowSeconds)} s ({Format(_window.Sum / _window.Count)}), over the limit of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
            runs, actions);
    }
}
