using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>The answer to <c>POST /api/v1/decisions/runs</c>; see docs/design/enforcement.md.</summary>
/// <param name="Outcome"><see cref="DecisionOutcome.Allow"/> (the run started), <see cref="DecisionOutcome.Held"/>, <see cref="DecisionOutcome.Fallback"/> or <see cref="DecisionOutcome.Deny"/> (the agent is killed).</param>
/// <param name="Epoch">The snapshot epoch the server decided at.</param>
/// <param name="Mode">The control mode that applied.</param>
/// <param name="Message">Why no normal run started; <see langword="null"/> when one did.</param>
/// <param name="Control">The setting in force that decided, if any.</param>
/// <param name="Run">The started run: a normal one, or one with read tools only under a read-only fallback.</param>
/// <param name="Held">The held input: the agent is paused, or its fallback hands off to a human.</param>
/// <param name="Fallback">The fallback the agent declares, when it is in fallback.</param>
public sealed record RunDecisionResponse(
    DecisionOutcome Outcome,
    long Epoch,
    ControlMode Mode,
    string? Message,
    ControlSetting? Control,
    RunRecord? Run,
    HeldItem? Held,
    AgentFallback? Fallback);
