namespace Firebreak.Detection;

/// <summary><c>tool-mix-shift</c>: the tool's share of all calls in the window is over its baseline share plus the threshold; alerts are per tool.</summary>
internal sealed class ToolMixShiftDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    private readonly SlidingWindow _window = new(definition.Window);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind != DetectionEventKind.Action || e.Tool is null)
        {
            return null;
        }

        var chosen = Watches(e.Tool);
        _window.Add(WindowEntry.Of(e, chosen ? 1 : 0));
        var share = _window.Sum / _window.Count;
        var limit = (Definition.Baseline ?? 0) + Definition.EffectiveThreshold(strict);
        if (!chosen || _window.Count < Definition.MinSamples || share <= limit)
        {
            return null;
        }

        var (runs, actions) = _window.Evidence(entry => entry.Value > 0);
        return Fire(
            e, Definition.Tool ?? AgentId,
            $"{Definition.Tool} was {Format(share * 100)} % of {_window.Count} calls in {Format((decimal)Definition.WindowSeconds)} s, against a baseline of {Format((Definition.Baseline ?? 0) * 100)} % and a limit of {Format(limit * 100)} %{(strict ? " (strict)" : string.Empty)}.",
            runs, actions);
    }
}
