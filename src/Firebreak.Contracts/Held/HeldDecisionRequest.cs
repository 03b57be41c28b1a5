namespace Firebreak.Held;

/// <summary>An operator's release or discard of a held item (<c>POST /api/v1/held/{id}/release</c> or <c>/discard</c>).</summary>
/// <param name="Reason">Why, for the ledger.</param>
/// <param name="IncidentId">The incident the decision belongs to, so it shows on that incident's timeline.</param>
public sealed record HeldDecisionRequest(string? Reason = null, string? IncidentId = null);
