namespace Firebreak.Playbooks;

/// <summary>What applying a playbook will do, step by step, in the order the steps will run: the dry run.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Playbook">The playbook's name.</param>
/// <param name="AlertId">The alert it answers, if any.</param>
/// <param name="IncidentId">The incident it starts under, if any.</param>
/// <param name="Steps">Containment steps first, in their declared order, then the others in theirs.</param>
public sealed record PlaybookPlan(
    string AgentId,
    string Playbook,
    string? AlertId,
    string? IncidentId,
    IReadOnlyList<PlannedStep> Steps)
{
    /// <summary>The actor of everything the playbook does: <c>playbook:&lt;name&gt;</c>.</summary>
    public string Actor => PlaybookPlanner.ActorFor(Playbook);
}
