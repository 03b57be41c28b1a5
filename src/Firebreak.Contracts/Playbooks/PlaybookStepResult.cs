using Firebreak.Compensation;
using Firebreak.Control;

namespace Firebreak.Playbooks;

/// <summary>What one step of a playbook execution did.</summary>
/// <param name="Index">The step's position in the playbook's definition.</param>
/// <param name="Kind">What the step does.</param>
/// <param name="Description">What it was to do, from the plan.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Detail">What happened, for people: the control change and its confirmations, the incident, the blast radius summary, or why it was skipped or failed.</param>
/// <param name="Control">For an applied control step: the stored change and which enforcement points confirmed it.</param>
/// <param name="IncidentId">For a declare-incident or page step: the incident it declared, joined or paged.</param>
/// <param name="BlastRadius">For an applied blast-radius step: the summary.</param>
/// <param name="DurationMs">How long the step took.</param>
public sealed record PlaybookStepResult(
    int Index,
    PlaybookStepKind Kind,
    string Description,
    PlaybookStepStatus Status,
    string? Detail = null,
    ControlChangeResult? Control = null,
    string? IncidentId = null,
    BlastRadius? BlastRadius = null,
    double? DurationMs = null);
