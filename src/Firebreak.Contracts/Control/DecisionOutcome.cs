namespace Firebreak.Control;

/// <summary>The server's answer to a <see cref="DecisionRequest"/> or a <see cref="RunDecisionRequest"/>. JSON writes the snake_case name (<c>approval_required</c>).</summary>
public enum DecisionOutcome
{
    /// <summary>Do not run the call. The zero value, so an unset answer never lets anything through.</summary>
    Deny = 0,

    /// <summary>Run the call: a risky one is recorded pending (complete it), a read one is recorded once it ran.</summary>
    Allow = 1,

    /// <summary>A human must approve these exact arguments; ask again with the same key once they have.</summary>
    ApprovalRequired = 2,

    /// <summary>Shadow mode: the call was recorded with a simulated result and must not run.</summary>
    Shadow = 3,

    /// <summary>Run starts: the agent is paused, the input is held for human review and no run starts.</summary>
    Held = 4,

    /// <summary>Run starts: the agent is in fallback; serve its degraded experience (a static answer, a handoff, or a run with read tools only).</summary>
    Fallback = 5,
}
