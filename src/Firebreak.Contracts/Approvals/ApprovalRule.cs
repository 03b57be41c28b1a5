using Firebreak.Control;

namespace Firebreak.Approvals;

/// <summary>A stored standing approval rule; <see cref="ToStanding"/> gives the Core rule that decides coverage.</summary>
public sealed record ApprovalRule(
    string Id,
    string AgentId,
    string Tool,
    DateTimeOffset ExpiresAt,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string Reason,
    string? AmountArgument = null,
    decimal? MaxAmount = null,
    string? IncidentId = null)
{
    public StandingApprovalRule ToStanding() => new(AgentId, Tool, ExpiresAt, CreatedBy, AmountArgument, MaxAmount);
}
