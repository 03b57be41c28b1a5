using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>The answer to <c>POST /api/v1/decisions</c>; see docs/design/enforcement.md.</summary>
/// <param name="Outcome">What the caller does.</param>
/// <param name="Epoch">The snapshot epoch the server decided at.</param>
/// <param name="Risk">The tool's risk class (or the unknown-tool default).</param>
/// <param name="Mode">The control mode that applied.</param>
/// <param name="Message">For the model when the call does not simply run; <see langword="null"/> for <see cref="DecisionOutcome.Allow"/>.</param>
/// <param name="Reason">Why the call is denied; <see langword="null"/> unless <see cref="DecisionOutcome.Deny"/>.</param>
/// <param name="Control">The setting in force that decided, if any.</param>
/// <param name="Action">The action recorded: pending (allow, risky tool), blocked or denied (deny), shadowed (shadow), or the earlier one (deny, replay).</param>
/// <param name="Approval">The approval to wait on (<see cref="DecisionOutcome.ApprovalRequired"/>).</param>
/// <param name="Result">The simulated result (<see cref="DecisionOutcome.Shadow"/>).</param>
/// <param name="Guardrails">The argument guardrails' hits; empty when none fired.</param>
public sealed record DecisionResponse(
    DecisionOutcome Outcome,
    long Epoch,
    RiskClass? Risk,
    ControlMode Mode,
    string? Message,
    DecisionReason? Reason,
    ControlSetting? Control,
    ActionRecord? Action,
    Approval? Approval,
    JsonElement? Result,
    IReadOnlyList<GuardrailHit> Guardrails);
