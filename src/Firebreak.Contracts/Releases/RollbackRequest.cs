namespace Firebreak.Releases;

/// <summary>Rolls an agent back (<c>POST /api/v1/agents/{agent}/releases/rollback</c>).</summary>
/// <param name="Reason">Why; required.</param>
/// <param name="To">The release to go back to; <see langword="null"/> (the default) means the last-known-good release.</param>
/// <param name="IncidentId">The incident it belongs to; the rollback lands on its timeline.</param>
public sealed record RollbackRequest(string Reason, string? To = null, string? IncidentId = null);
