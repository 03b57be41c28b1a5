using Firebreak.Control;

namespace Firebreak.Client;

/// <summary>Data of <see cref="AgentGuard.RunKilled"/>.</summary>
/// <param name="decision">The run-start decision under the snapshot that killed the agent.</param>
public sealed class RunKilledEventArgs(GuardDecision decision) : EventArgs
{
    /// <summary>The run-start decision that blocks the agent; its <see cref="GuardDecision.Message"/> says who killed it and why.</summary>
    public GuardDecision Decision { get; } = decision;
}
