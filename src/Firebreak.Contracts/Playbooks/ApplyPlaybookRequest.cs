namespace Firebreak.Playbooks;

/// <summary>An operator applies (or dry-runs) one of an agent's playbooks: <c>POST /api/v1/playbooks/apply</c>.</summary>
/// <param name="AgentId">The agent whose playbook it is.</param>
/// <param name="Playbook">The playbook's name.</param>
/// <param name="AlertId">The alert it answers, if any: its window bounds the blast radius and its incident is joined.</param>
/// <param name="IncidentId">The incident to run under; the alert's when omitted.</param>
/// <param name="DryRun">Plan only: report what each step would do and change nothing.</param>
public sealed record ApplyPlaybookRequest(
    string AgentId,
    string Playbook,
    string? AlertId = null,
    string? IncidentId = null,
    bool DryRun = false);
