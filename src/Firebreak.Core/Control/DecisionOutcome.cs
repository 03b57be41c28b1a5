namespace Firebreak.Control;

/// <summary>The server's answer to a <see cref="DecisionRequest"/>. JSON writes the snake_case name (<c>approval_required</c>).</summary>
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
}
