using Firebreak.Incidents;

namespace Firebreak.Detection;

/// <summary>What each <see cref="DetectorKind"/> implies and needs.</summary>
public static class DetectorKinds
{
    /// <summary>
    /// The failure class a kind watches for. Financial anomalies are tool misuse (a financial tool called with wrong or
    /// risky arguments); feedback reports are intent misclassification ("I didn't ask for a refund").
    /// </summary>
    public static FailureClass FailureClassOf(DetectorKind kind) => kind switch
    {
        DetectorKind.ToolErrorRate or DetectorKind.ToolCallRate or DetectorKind.ToolLoop or DetectorKind.UnknownTool
            or DetectorKind.AmountRate or DetectorKind.RepeatCustomer or DetectorKind.AmountCap => FailureClass.ToolMisuse,
        DetectorKind.RunBudget or DetectorKind.Latency => FailureClass.CostRunaway,
        DetectorKind.ToolMixShift => FailureClass.ContextDrift,
        DetectorKind.Feedback => FailureClass.IntentMisclassification,
        DetectorKind.GuardrailHits => FailureClass.PolicyBypass,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a detector kind."),
    };

    /// <summary>Whether the kind judges against <see cref="DetectorDefinition.Baseline"/>, which it then requires.</summary>
    public static bool NeedsBaseline(DetectorKind kind) => kind is DetectorKind.ToolCallRate or DetectorKind.Latency or DetectorKind.ToolMixShift;

    /// <summary>Whether the kind is about one tool, which it then requires.</summary>
    public static bool NeedsTool(DetectorKind kind) => kind is DetectorKind.ToolCallRate or DetectorKind.ToolMixShift or DetectorKind.RepeatCustomer;

    /// <summary>The measures the kind accepts; empty when it takes none.</summary>
    public static IReadOnlyList<DetectorMeasure> MeasuresOf(DetectorKind kind) => kind switch
    {
        DetectorKind.AmountRate => [DetectorMeasure.Amount, DetectorMeasure.Count, DetectorMeasure.PerRun],
        DetectorKind.RunBudget => [DetectorMeasure.Tokens, DetectorMeasure.ModelCalls, DetectorMeasure.Steps],
        _ => [],
    };
}
