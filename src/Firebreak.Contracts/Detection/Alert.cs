using Firebreak.Incidents;

namespace Firebreak.Detection;

/// <summary>
/// A detector's finding about one agent, deduplicated: the same detector and <see cref="DedupKey"/> within the
/// detector's window update one alert (<see cref="Count"/>, <see cref="LastSeenAt"/>, evidence) instead of raising another.
/// </summary>
/// <param name="Id">Assigned by the server (<c>alt_</c> + 26 characters).</param>
/// <param name="AgentId">The agent the finding is about.</param>
/// <param name="Detector">The detector's name from the agent's registry entry, e.g. <c>refund-storm</c>.</param>
/// <param name="FailureClass">The failure class the detector watches, for per-class dashboards and playbooks.</param>
/// <param name="Severity">The severity the detector declares.</param>
/// <param name="DedupKey">What alerts are deduplicated by: the correlation id where the finding is about one request, otherwise the agent, tool or customer it is about.</param>
/// <param name="Summary">One sentence for people: what was seen against which threshold.</param>
/// <param name="RunIds">Evidence: the runs involved, most recent last, at most 100.</param>
/// <param name="ActionSeqs">Evidence: the ledger sequence numbers of the actions involved, most recent last, at most 100.</param>
/// <param name="FirstSeenAt">When the detector first fired for this key.</param>
/// <param name="LastSeenAt">When it last fired for this key.</param>
/// <param name="Count">How many times it fired for this key while the alert was open.</param>
/// <param name="Status">Open until acknowledged or resolved.</param>
/// <param name="IncidentId">The incident the alert declared or joined, if any.</param>
public sealed record Alert(
    string Id,
    string AgentId,
    string Detector,
    FailureClass FailureClass,
    Severity Severity,
    string DedupKey,
    string Summary,
    IReadOnlyList<string> RunIds,
    IReadOnlyList<long> ActionSeqs,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    int Count,
    AlertStatus Status,
    string? IncidentId);
