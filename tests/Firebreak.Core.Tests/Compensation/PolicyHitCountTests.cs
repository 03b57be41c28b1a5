using Firebreak.Compensation;
using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Compensation;

public sealed class PolicyHitCountTests
{
    private static GuardrailHit Hit(string guardrail, GuardrailCategory category, GuardrailAction verdict) =>
        new(guardrail, category, verdict, GuardrailStage.Arguments, "detail");

    [Fact]
    public void Summarize_CountsPerAgentGuardrailAndVerdict_MostHitsFirst()
    {
        var summary = PolicyHitCount.Summarize(
        [
            ("support", Hit("pii", GuardrailCategory.Pii, GuardrailAction.Flag)),
            ("support", Hit("refund-cap", GuardrailCategory.Policy, GuardrailAction.Block)),
            ("support", Hit("refund-cap", GuardrailCategory.Policy, GuardrailAction.Block)),
            ("support", Hit("pii", GuardrailCategory.Pii, GuardrailAction.Block)),
            ("billing", Hit("injection", GuardrailCategory.Injection, GuardrailAction.Block)),
        ]);

        Assert.Equal(
            [
                ("billing", "injection", GuardrailAction.Block, 1),
                ("support", "refund-cap", GuardrailAction.Block, 2),
                ("support", "pii", GuardrailAction.Flag, 1),
                ("support", "pii", GuardrailAction.Block, 1),
            ],
            summary.Select(c => (c.AgentId, c.Guardrail, c.Verdict, c.Count)));
    }

    [Fact]
    public void Summarize_NoHits_IsEmpty() => Assert.Empty(PolicyHitCount.Summarize([]));
}
