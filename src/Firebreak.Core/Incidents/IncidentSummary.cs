namespace Firebreak.Incidents;

/// <summary>The part of an incident that <see cref="IncidentMetrics"/> needs.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="AgentId">The agent's slug.</param>
/// <param name="Severity">The current severity.</param>
/// <param name="FailureClass">Why the agent failed.</param>
/// <param name="Tool">The tool at the centre of the failure, if any.</param>
/// <param name="Milestones">When it was detected, acknowledged, mitigated and resolved.</param>
internal sealed record IncidentSummary(
    string Id,
    string AgentId,
    Severity Severity,
    FailureClass FailureClass,
    string? Tool,
    IncidentMilestones Milestones)
{
    /// <summary>The signature that recurrences are matched on.</summary>
    public FailureSignature Signature => new(AgentId, FailureClass, Tool);
}
