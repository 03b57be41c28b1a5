namespace Firebreak.Detection;

/// <summary><c>amount-cap</c>: one call's amount is over the threshold; alerts are per request.</summary>
internal sealed class AmountCapDetector(DetectorDefinition definition, string agentId) : Detector(definition, agentId)
{
    public override DetectorFinding? Observe(DetectionEvent e, bool strict)
    {
        ArgumentNullException.ThrowIfNull(e);
        var limit = Definition.EffectiveThreshold(strict);
        if (e.Kind != DetectionEventKind.Action || !Watches(e.Tool) || !MayTakeEffect(e.Outcome) || e.Amount is not { } amount || amount <= limit)
        {
            return null;
        }

        return Fire(
            e, e.CorrelationId ?? e.RunId ?? e.IdempotencyKey ?? AgentId,
            $"{e.Tool} for {Format(amount)}, over the per-call cap of {Format(limit)}{(strict ? " (strict)" : string.Empty)}.",
            e.RunId is { } run ? [run] : [], e.ActionSeq is { } seq ? [seq] : []);
    }
}
