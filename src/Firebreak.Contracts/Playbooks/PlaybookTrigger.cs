using Firebreak.Detection;

namespace Firebreak.Playbooks;

/// <summary>What a playbook is applied for: an alert, an incident, both, or neither (an operator's plain command).</summary>
/// <param name="Alert">The alert it answers; its window bounds the blast radius and its incident is joined.</param>
/// <param name="IncidentId">The incident to run under; when omitted, the alert's incident, if it has one.</param>
public sealed record PlaybookTrigger(Alert? Alert = null, string? IncidentId = null)
{
    /// <summary>The incident the playbook starts under, before any step declares one.</summary>
    public string? Incident => IncidentId ?? Alert?.IncidentId;
}
