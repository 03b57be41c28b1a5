namespace Firebreak.Detection;

/// <summary>
/// <c>amount-rate</c> measured <c>per-run</c>: the tool's calls that may take effect per run started in the window are
/// over the threshold, once <c>minSamples</c> runs started; alerts are per tool. Unlike a count per window it does not
/// depend on how fast the agent works: a release that refunds every ticket makes 1 refund per run however fast it goes.
/// </summary>
internal sealed class CallsPerRunDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    private readonly SlidingWindow _runs = new(definition.Window);
    private readonly SlidingWindow _calls = new(definition.Window);

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Kind == DetectionEventKind.RunStarted)
        {
            _runs.Add(WindowEntry.Of(e, 1));
            return null;
        }

        if (e.Kind != DetectionEventKind.Action || !Watches(e.Tool) || !MayTakeEffect(e.Outcome))
        {
            return null;
        }

        _calls.Add(WindowEntry.Of(e, 1));
        _runs.Evict(e.At);
        var limit = Definition.EffectiveThreshold(strict);
        if (_runs.Count < Definition.MinSamples || _calls.Sum / _runs.Count <= limit)
        {
            return null;
        }

        var (runs, actions) = _calls.Evidence();
        return Fire(
            e, Definition.Tool ?? AgentId,
            $"{Definition.Tool ?? "Tool"} calls reached {Format(_calls.Sum / _runs.Count)} per run ({Format(_calls.Sum)} in {_runs.Count} runs in {Format((decimal)Definition.WindowSeconds)} s), over the limit of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
            runs, actions);
    }
}
