namespace Firebreak.Approvals;

/// <summary>An operator's approval or denial (<c>POST /api/v1/approvals/{id}/approve</c> or <c>/deny</c>).</summary>
/// <param name="Reason">Why, for the ledger and the model's error message.</param>
/// <param name="IncidentId">The incident the decision belongs to, if any.</param>
public sealed record ApprovalDecisionRequest(string? Reason = null, string? IncidentId = null);
