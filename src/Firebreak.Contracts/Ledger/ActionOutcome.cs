namespace Firebreak.Ledger;

/// <summary>What became of a tool call with side effects.</summary>
public enum ActionOutcome
{
    /// <summary>Recorded before execution; the final outcome follows.</summary>
    Pending,
    Executed,
    Blocked,
    Shadowed,
    AwaitingApproval,
    Denied,
    Failed,
    Compensated,
}
