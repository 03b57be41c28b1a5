namespace Firebreak.Approvals;

/// <summary>
/// An operator's standing approval (<c>POST /api/v1/approvals/rules</c>), such as "approve <c>issue_refund</c> with
/// <c>amount</c> ≤ 20 for the next hour". The server answers with the <see cref="ApprovalRule"/> it stored.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Tool">The tool.</param>
/// <param name="For">How long the rule lasts from now.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="AmountArgument">A top-level numeric argument to bound; set together with <paramref name="MaxAmount"/>.</param>
/// <param name="MaxAmount">The largest covered value of <paramref name="AmountArgument"/>, inclusive.</param>
/// <param name="IncidentId">The incident the rule was made under, for its timeline.</param>
public sealed record StandingRuleRequest(
    string AgentId,
    string Tool,
    TimeSpan For,
    string Reason,
    string? AmountArgument = null,
    decimal? MaxAmount = null,
    string? IncidentId = null);
