namespace Firebreak.Control;

/// <summary>What an enforcement point does with a new run (<see cref="RunStartPipeline"/>).</summary>
public enum RunStartStep
{
    /// <summary>Do not run: the agent is killed. The zero value, so an unset step never starts anything.</summary>
    Refuse = 0,

    /// <summary>Start the run.</summary>
    Start = 1,

    /// <summary>Do not start: hold the input for human review (the agent is paused).</summary>
    Hold = 2,

    /// <summary>Start the run with read tools only (a <see cref="Registry.FallbackKind.ReadOnlyTools"/> fallback).</summary>
    StartReadOnly = 3,

    /// <summary>Hold the input for a human to answer (a <see cref="Registry.FallbackKind.HumanHandoff"/> fallback).</summary>
    HandOff = 4,

    /// <summary>Answer with the fallback's static response, or the decision's message when the agent declares none.</summary>
    ServeFallback = 5,
}
