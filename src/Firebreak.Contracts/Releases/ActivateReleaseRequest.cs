namespace Firebreak.Releases;

/// <summary>Promotes a release to active (<c>POST /api/v1/agents/{agent}/releases/activate</c>).</summary>
/// <param name="ReleaseId">The release, by id or a prefix of at least 8 characters.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="IncidentId">The incident it belongs to; the activation lands on its timeline.</param>
/// <param name="OverrideGate">Promote even though regression cases fail on the release; the reason is required and lands on the timeline.</param>
public sealed record ActivateReleaseRequest(string ReleaseId, string Reason, string? IncidentId = null, string? OverrideGate = null);
