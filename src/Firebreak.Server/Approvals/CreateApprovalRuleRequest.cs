namespace Firebreak.Server.Approvals;

/// <summary>An operator's standing approval: calls of <paramref name="Tool"/> (optionally with an amount up to a bound) are approved for <paramref name="For"/>.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Tool">The tool.</param>
/// <param name="For">How long the rule lasts, from now.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="AmountArgument">A top-level numeric argument to bound; set together with <paramref name="MaxAmount"/>.</param>
/// <param name="MaxAmount">The largest covered value of <paramref name="AmountArgument"/>, inclusive.</param>
/// <param name="IncidentId">The incident the rule belongs to, if any.</param>
public sealed record CreateApprovalRuleRequest(
    string AgentId,
    string Tool,
    TimeSpan For,
    string Reason,
    string? AmountArgument = null,
    decimal? MaxAmount = null,
    string? IncidentId = null);
