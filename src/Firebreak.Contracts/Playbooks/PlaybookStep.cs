using Firebreak.Control;
using Firebreak.Incidents;

namespace Firebreak.Playbooks;

/// <summary>
/// One step of a playbook. Each kind reads only its own fields; <see cref="PlaybookValidator"/> refuses the others.
/// </summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Control">
/// For <see cref="PlaybookStepKind.Control"/>: the change, as the control API takes it. The agent id may be omitted
/// (it is the playbook's agent); the incident id must be (it is the one the playbook runs under). Global targets, mode
/// <c>normal</c>, a thaw and a return to the normal policy level are refused: a playbook contains its own agent and
/// never lifts containment.
/// </param>
/// <param name="Severity">For <see cref="PlaybookStepKind.DeclareIncident"/>: the severity to declare.</param>
/// <param name="Title">
/// For <see cref="PlaybookStepKind.DeclareIncident"/>: the title template; <c>{agent}</c>, <c>{playbook}</c>,
/// <c>{detector}</c>, <c>{failureClass}</c>, <c>{alert}</c> and <c>{summary}</c> are filled from the trigger.
/// </param>
/// <param name="Commander">For <see cref="PlaybookStepKind.DeclareIncident"/>: who leads the response; the agent's owner when omitted.</param>
/// <param name="Message">For <see cref="PlaybookStepKind.Page"/>: the page's text template (same placeholders); a default names the playbook and the alert.</param>
/// <param name="Reason">For <see cref="PlaybookStepKind.Strict"/>: why, as the control change records it; a default names the playbook.</param>
/// <param name="Lookback">
/// For <see cref="PlaybookStepKind.BlastRadius"/>: how long before the alert was first seen the window starts, because
/// the actions that raised an alert precede it (default 15 minutes). Ignored when the playbook runs under an incident
/// without an alert: the incident's window is used.
/// </param>
public sealed record PlaybookStep(
    PlaybookStepKind Kind,
    ControlChangeRequest? Control = null,
    Severity? Severity = null,
    string? Title = null,
    string? Commander = null,
    string? Message = null,
    TimeSpan? Lookback = null,
    string? Reason = null)
{
    /// <summary>The blast-radius lookback when the step does not set one.</summary>
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromMinutes(15);
}
