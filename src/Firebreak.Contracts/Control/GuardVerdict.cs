namespace Firebreak.Control;

/// <summary>What an enforcement point does with a tool call or a run start.</summary>
public enum GuardVerdict
{
    /// <summary>Do not execute; tell the model why. The zero value, so an unset decision never lets anything through.</summary>
    Block = 0,

    /// <summary>Go ahead.</summary>
    Execute = 1,

    /// <summary>Tool calls only: record the would-be action, do not execute it.</summary>
    Shadow = 2,

    /// <summary>Tool calls only: execute only once a human approves these exact arguments (see <see cref="ApprovalBinding"/>).</summary>
    RequireApproval = 3,

    /// <summary>Run starts only: serve the agent's declared degraded experience instead of a normal run.</summary>
    Fallback = 4,

    /// <summary>Run starts only: do not start; hold the input for human review.</summary>
    Hold = 5,
}
