using Firebreak.Compensation;
using Firebreak.Control;
using Firebreak.Incidents;

namespace Firebreak.Playbooks;

/// <summary>One step of a <see cref="PlaybookPlan"/>: what it will do, in words and as the request that does it.</summary>
/// <param name="Index">The step's position in the playbook's definition.</param>
/// <param name="Kind">What the step does.</param>
/// <param name="Description">What it will do, for people: <c>Kill tool issue_refund of support: refunds look wrong</c>.</param>
/// <param name="InEffect">Whether what the step asks for already holds (the tool is already killed, the alert already has an incident); such a step changes nothing.</param>
/// <param name="Control">For a control step not in effect: the change to make, narrowed to the scopes not yet contained.</param>
/// <param name="Incident">For a declare-incident step not in effect: the declaration.</param>
/// <param name="Message">For a page step: the rendered message.</param>
/// <param name="BlastRadius">For a blast-radius step: the selection to summarize; the engine fills the incident in when it has one and the selection has no window.</param>
public sealed record PlannedStep(
    int Index,
    PlaybookStepKind Kind,
    string Description,
    bool InEffect,
    ControlChangeRequest? Control = null,
    DeclareIncidentRequest? Incident = null,
    string? Message = null,
    BlastRadiusSelection? BlastRadius = null);
