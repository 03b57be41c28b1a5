using Firebreak.Registry;

namespace Firebreak.Detection;

/// <summary>Builds the detector for a definition.</summary>
internal static class DetectorFactory
{
    /// <summary>The JSON name of the step kind user reports are recorded as.</summary>
    public const string FeedbackStep = "feedback";

    /// <summary>The JSON name of the step kind guardrail hits are recorded as.</summary>
    public const string GuardrailStep = "guardrail";

    public static Detector Create(DetectorDefinition definition, AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(agent);
        var tool = definition.Tool;
        var subject = tool ?? "every tool";
        return definition.Kind switch
        {
            DetectorKind.AmountRate when definition.Measure == DetectorMeasure.PerRun => new CallsPerRunDetector(definition, agent.Id),
            DetectorKind.AmountRate when definition.Measure == DetectorMeasure.Count => new WindowedSumDetector(
                definition, agent.Id, e => IsEffectiveCall(e, tool) ? 1 : null, 1, $"{subject} calls", tool ?? agent.Id),
            DetectorKind.AmountRate => new WindowedSumDetector(
                definition, agent.Id, e => IsEffectiveCall(e, tool) ? e.Amount ?? 0 : null, 1, $"{subject} amount", tool ?? agent.Id),
            DetectorKind.ToolCallRate => new WindowedSumDetector(
                definition, agent.Id, e => e.Kind == DetectionEventKind.Action && e.Tool == tool ? 1 : null, definition.Baseline ?? 0, $"{tool} calls", tool ?? agent.Id),
            DetectorKind.Feedback => new WindowedSumDetector(
                definition, agent.Id, e => IsStep(e, FeedbackStep) ? 1 : null, 1, "User feedback reports", agent.Id),
            DetectorKind.GuardrailHits => new WindowedSumDetector(
                definition, agent.Id, e => IsStep(e, GuardrailStep) ? 1 : null, 1, "Guardrail hits", agent.Id),
            DetectorKind.RepeatCustomer => new RepeatEntityDetector(definition, agent.Id),
            DetectorKind.AmountCap => new AmountCapDetector(definition, agent.Id),
            DetectorKind.UnknownTool => new UnknownToolDetector(definition, agent.Id, agent.Tools.Select(t => t.Name)),
            DetectorKind.ToolLoop => new ToolLoopDetector(definition, agent.Id),
            DetectorKind.RunBudget => new RunBudgetDetector(definition, agent.Id),
            DetectorKind.ToolErrorRate => new ToolErrorRateDetector(definition, agent.Id),
            DetectorKind.ToolMixShift => new ToolMixShiftDetector(definition, agent.Id),
            DetectorKind.Latency => new LatencyDetector(definition, agent.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Kind, "Not a detector kind."),
        };
    }

    private static bool IsEffectiveCall(DetectionEvent e, string? tool) =>
        e.Kind == DetectionEventKind.Action
        && (tool is null || string.Equals(e.Tool, tool, StringComparison.Ordinal))
        && e.Outcome is Ledger.ActionOutcome.Pending or Ledger.ActionOutcome.Executed or Ledger.ActionOutcome.AwaitingApproval;

    private static bool IsStep(DetectionEvent e, string kind) =>
        e.Kind == DetectionEventKind.Step && string.Equals(e.StepKind, kind, StringComparison.Ordinal);
}
