namespace Firebreak.Incidents;

/// <summary>Records what the investigation found, for the postmortem; absent fields stay as they are.</summary>
/// <param name="RootCause">The systemic cause.</param>
/// <param name="RootCauseOwner">Who owns fixing it.</param>
/// <param name="Summary">One paragraph: what happened, when, who was affected.</param>
/// <param name="WentWell">What worked.</param>
/// <param name="ToImprove">What did not.</param>
/// <param name="WindowEnd">When the failure ended.</param>
internal sealed record UpdateAnalysisRequest(
    string? RootCause = null,
    string? RootCauseOwner = null,
    string? Summary = null,
    IReadOnlyList<string>? WentWell = null,
    IReadOnlyList<string>? ToImprove = null,
    DateTimeOffset? WindowEnd = null);
