using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Client;

/// <summary>The result of <see cref="AgentGuard.StartRunAsync"/>.</summary>
/// <param name="Outcome">What became of the start.</param>
/// <param name="Decision">The control decision behind it; its <see cref="GuardDecision.Message"/> explains anything but a start.</param>
/// <param name="Run">The started run, for <see cref="RunStartOutcome.Started"/>.</param>
/// <param name="HeldItem">The held input, for <see cref="RunStartOutcome.Held"/> and a <see cref="FallbackKind.HumanHandoff"/> fallback.</param>
/// <param name="Fallback">
/// The fallback the agent declares, when the agent is in fallback: <see cref="RunStartOutcome.Fallback"/> (a static
/// response or a handoff), or <see cref="RunStartOutcome.Started"/> with read tools only. <see langword="null"/> otherwise,
/// and for a fallback the agent does not declare (serve <see cref="GuardDecision.Message"/>).
/// </param>
/// <param name="Recorded">
/// <see langword="false"/> when the run started while the control plane was unreachable: its start is queued and sent
/// when the server is back, and its risky tools stay blocked until then.
/// </param>
public sealed record RunStartDecision(
    RunStartOutcome Outcome,
    GuardDecision Decision,
    RunRecord? Run = null,
    HeldItem? HeldItem = null,
    AgentFallback? Fallback = null,
    bool Recorded = true);
