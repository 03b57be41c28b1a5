using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// What every enforcement point does with a new run, from <see cref="ControlDecider.DecideRunStart"/> and the fallback
/// the agent declares: the SDK's AgentGuard and <c>POST /api/v1/decisions/runs</c> both follow it. Pure.
/// </summary>
public static class RunStartPipeline
{
    /// <summary>The step for a run start decided <paramref name="decision"/>, for an agent declaring <paramref name="fallback"/> (or none).</summary>
    public static RunStartStep Plan(GuardDecision decision, AgentFallback? fallback) => decision.Verdict switch
    {
        GuardVerdict.Execute => RunStartStep.Start,
        GuardVerdict.Hold => RunStartStep.Hold,
        GuardVerdict.Fallback => fallback?.Kind switch
        {
            FallbackKind.ReadOnlyTools => RunStartStep.StartReadOnly,
            FallbackKind.HumanHandoff => RunStartStep.HandOff,
            _ => RunStartStep.ServeFallback,
        },
        _ => RunStartStep.Refuse,
    };

    /// <summary>The reason a handed-off input is held with: the fallback's message, or the decision's.</summary>
    public static string HandOffReason(GuardDecision decision, AgentFallback? fallback) => $"Human handoff: {fallback?.Message ?? decision.Message}";
}
