using Firebreak.Incidents;

namespace Firebreak.Server.Incidents;

/// <summary>Filters for listing incidents; absent filters match everything.</summary>
internal sealed record IncidentQuery(
    string? AgentId = null,
    IncidentStatus? Status = null,
    Severity? Severity = null,
    FailureClass? FailureClass = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 50);
