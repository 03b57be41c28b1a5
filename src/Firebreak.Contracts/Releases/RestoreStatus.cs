namespace Firebreak.Releases;

/// <summary>Where a gradual restore stands.</summary>
public enum RestoreStatus
{
    /// <summary>Routing a share of runs to the candidate and judging each stage.</summary>
    Running,

    /// <summary>Waiting for a human (not enough data for too long, or the agent was frozen).</summary>
    Paused,

    /// <summary>The candidate reached 100 % and is the active release.</summary>
    Completed,

    /// <summary>The candidate was judged worse (or an operator aborted) and every run went back to the baseline.</summary>
    Aborted,
}
