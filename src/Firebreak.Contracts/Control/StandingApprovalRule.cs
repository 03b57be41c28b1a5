using System.Text.Json;

namespace Firebreak.Control;

/// <summary>
/// A standing approval: "approve issue_refund with amount ≤ 20 for the next hour". It covers calls of one tool until
/// it expires, optionally only while a named numeric argument stays within a bound.
/// </summary>
/// <remarks>
/// Unlike <see cref="ApprovalBinding"/> it is not bound to a control epoch: it is the operator's explicit policy for a
/// time window, and the decider still runs first, so a kill, shadow or fallback overrides it. A call whose amount
/// argument is missing, not a number, or negative is not covered and goes to a human.
/// </remarks>
/// <param name="AgentId">The agent.</param>
/// <param name="Tool">The tool.</param>
/// <param name="ExpiresAt">The first instant at which the rule no longer applies.</param>
/// <param name="ApprovedBy">Who set the rule.</param>
/// <param name="AmountArgument">The name of a top-level numeric argument to bound; <see langword="null"/> (the default) covers every call. Set together with <paramref name="MaxAmount"/>: a rule with only one of the two covers nothing.</param>
/// <param name="MaxAmount">The largest covered value of <paramref name="AmountArgument"/>, inclusive.</param>
public sealed record StandingApprovalRule(
    string AgentId,
    string Tool,
    DateTimeOffset ExpiresAt,
    string ApprovedBy,
    string? AmountArgument = null,
    decimal? MaxAmount = null)
{
    /// <summary>Whether the rule approves a call of <paramref name="tool"/> by <paramref name="agentId"/> with <paramref name="arguments"/> at <paramref name="now"/>.</summary>
    public bool Covers(string agentId, string tool, JsonElement arguments, DateTimeOffset now)
    {
        if (now >= ExpiresAt
            || !string.Equals(agentId, AgentId, StringComparison.Ordinal)
            || !string.Equals(tool, Tool, StringComparison.Ordinal))
        {
            return false;
        }

        if (AmountArgument is null && MaxAmount is null)
        {
            return true;
        }

        return AmountArgument is not null
            && MaxAmount is { } max
            && arguments.ValueKind == JsonValueKind.Object
            && arguments.TryGetProperty(AmountArgument, out var value)
            && value.ValueKind == JsonValueKind.Number
            && value.TryGetDecimal(out var amount)
            && amount >= 0
            && amount <= max;
    }
}
