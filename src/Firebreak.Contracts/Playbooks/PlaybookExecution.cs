namespace Firebreak.Playbooks;

/// <summary>One application of a playbook (or its dry run) and what each step did.</summary>
/// <param name="Id">Assigned by the server (<c>pbx_</c> + 32 hex characters).</param>
/// <param name="AgentId">The agent.</param>
/// <param name="Playbook">The playbook's name.</param>
/// <param name="AlertId">The alert it answered, if any.</param>
/// <param name="IncidentId">The incident it ran under (given, the alert's, or declared by a step), if any.</param>
/// <param name="Automatic">Whether the server applied it to a new alert by itself; at most once per alert and playbook.</param>
/// <param name="DryRun">Whether nothing was changed (a dry run is not stored).</param>
/// <param name="TriggeredBy">The operator who applied it, or <c>firebreak</c> for an automatic application.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When its last step ended; <see langword="null"/> while it runs, or when the node stopped before it ended.</param>
/// <param name="Steps">Each step in the order it ran: containment first.</param>
public sealed record PlaybookExecution(
    string Id,
    string AgentId,
    string Playbook,
    string? AlertId,
    string? IncidentId,
    bool Automatic,
    bool DryRun,
    string TriggeredBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<PlaybookStepResult> Steps)
{
    /// <summary>The actor of everything it did: <c>playbook:&lt;name&gt;</c>.</summary>
    public string Actor => PlaybookPlanner.ActorFor(Playbook);
}
