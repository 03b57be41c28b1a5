using Firebreak.Guardrails;

namespace Firebreak.Compensation;

/// <summary>
/// How often one guardrail reached one verdict for one agent in a compensation run's window, for the integrity report's
/// "no policy breaches occurred" check: blocks held, flags and approvals went through and need a look.
/// </summary>
public sealed record PolicyHitCount(string AgentId, string Guardrail, GuardrailCategory Category, GuardrailAction Verdict, int Count)
{
    /// <summary>Counts <paramref name="hits"/> per agent, guardrail, category and verdict, ordered by agent, then most hits first, then name.</summary>
    public static IReadOnlyList<PolicyHitCount> Summarize(IEnumerable<(string AgentId, GuardrailHit Hit)> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return
        [
            .. hits
                .GroupBy(h => (h.AgentId, h.Hit.Guardrail, h.Hit.Category, h.Hit.Verdict))
                .Select(g => new PolicyHitCount(g.Key.AgentId, g.Key.Guardrail, g.Key.Category, g.Key.Verdict, g.Count()))
                .OrderBy(c => c.AgentId, StringComparer.Ordinal)
                .ThenByDescending(c => c.Count)
                .ThenBy(c => c.Guardrail, StringComparer.Ordinal)
                .ThenBy(c => c.Verdict),
        ];
    }
}
