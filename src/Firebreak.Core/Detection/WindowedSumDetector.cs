namespace Firebreak.Detection;

/// <summary>
/// Adds up a value per event over the window and fires while the sum is over the limit: refunds or amounts per window
/// (<c>amount-rate</c>), calls per window over baseline (<c>tool-call-rate</c>), feedback reports and guardrail hits.
/// </summary>
internal sealed class WindowedSumDetector : Detector
{
    private readonly SlidingWindow _window;
    private readonly Func<DetectionEvent, decimal?> _value;
    private readonly decimal _limitFactor;
    private readonly string _what;
    private readonly string _dedupKey;

    /// <param name="definition">The detector.</param>
    /// <param name="agentId">Its agent.</param>
    /// <param name="value">What an event adds, or <see langword="null"/> for events it ignores.</param>
    /// <param name="limitFactor">What the threshold is multiplied by to give the limit (the baseline for <c>tool-call-rate</c>, else 1).</param>
    /// <param name="what">Names the sum in the summary, e.g. <c>issue_refund amount</c>.</param>
    /// <param name="dedupKey">What its alerts are deduplicated by.</param>
    public WindowedSumDetector(DetectorDefinition definition, string agentId, Func<DetectionEvent, decimal?> value, decimal limitFactor, string what, string dedupKey)
        : base(definition, agentId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _window = new SlidingWindow(definition.Window);
        _value = value;
        _limitFactor = limitFactor;
        _what = what;
        _dedupKey = dedupKey;
    }

    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (_value(e) is not { } value)
        {
            return null;
        }

        _window.Add(WindowEntry.Of(e, value));
        var limit = Definition.EffectiveThreshold(strict) * _limitFactor;
        if (_window.Sum <= limit)
        {
            return null;
        }

        var (runs, actions) = _window.Evidence();
        return Fire(
            e, _dedupKey,
            $"{_what} reached {Format(_window.Sum)} in {Format((decimal)Definition.WindowSeconds)} s, over the limit of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
            runs, actions);
    }
}
