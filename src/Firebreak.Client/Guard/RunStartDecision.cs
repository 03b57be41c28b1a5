using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Ledger;

namespace Firebreak.Client;

/// <summary>The result of <see cref="AgentGuard.StartRunAsync"/>.</summary>
/// <param name="Outcome">What became of the start.</param>
/// <param name="Decision">The control decision behind it; its <see cref="GuardDecision.Message"/> explains anything but a start.</param>
/// <param name="Run">The started run, for <see cref="RunStartOutcome.Started"/>.</param>
/// <param name="HeldItem">The held input, for <see cref="RunStartOutcome.Held"/>.</param>
public sealed record RunStartDecision(RunStartOutcome Outcome, GuardDecision Decision, RunRecord? Run = null, HeldItem? HeldItem = null);
