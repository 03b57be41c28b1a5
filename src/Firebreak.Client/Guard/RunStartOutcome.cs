namespace Firebreak.Client;

/// <summary>What became of a run start (<see cref="AgentGuard.StartRunAsync"/>).</summary>
public enum RunStartOutcome
{
    /// <summary>The run started; see <see cref="RunStartDecision.Run"/>.</summary>
    Started,

    /// <summary>The agent is paused; the input is held for review (<see cref="RunStartDecision.HeldItem"/>).</summary>
    Held,

    /// <summary>The agent is in fallback: serve the agent's degraded experience (static answer, handoff) instead of a run.</summary>
    Fallback,

    /// <summary>The agent is killed: do not run.</summary>
    Killed,
}
