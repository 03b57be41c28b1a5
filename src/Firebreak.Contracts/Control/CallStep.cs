namespace Firebreak.Control;

/// <summary>What an enforcement point does next with a tool call (see <see cref="ToolCallPipeline"/>). JSON writes the snake_case name.</summary>
public enum CallStep
{
    /// <summary>Do not run it: record it <c>blocked</c> and tell the model why. The zero value, so an unset step never lets anything through.</summary>
    Block = 0,

    /// <summary>Run it now, then record it <c>executed</c> or <c>failed</c>: a read tool the controls and guardrails let through.</summary>
    Execute = 1,

    /// <summary>Record it <c>pending</c> under its idempotency key, and run it only once that record is acknowledged.</summary>
    Record = 2,

    /// <summary>Record it <c>shadowed</c> with a simulated result; do not run it.</summary>
    Shadow = 3,

    /// <summary>Ask a human to approve these exact arguments; once approved, <see cref="Record"/>.</summary>
    Approval = 4,

    /// <summary>Do not run it and record nothing: its idempotency key already names an earlier call.</summary>
    Refuse = 5,

    /// <summary>Do not run it: the approval was denied, expired or does not cover the call. Recorded <c>denied</c>.</summary>
    Deny = 6,
}
