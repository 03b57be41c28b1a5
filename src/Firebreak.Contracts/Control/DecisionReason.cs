namespace Firebreak.Control;

/// <summary>Why a <see cref="DecisionOutcome.Deny"/>. JSON writes the snake_case name.</summary>
public enum DecisionReason
{
    /// <summary>A control in force blocks the call (kill, revoked or paused tool, fallback).</summary>
    Control,

    /// <summary>An argument guardrail blocks the call.</summary>
    Guardrail,

    /// <summary>The approval was denied, expired or does not cover these arguments or the controls in force.</summary>
    ApprovalDenied,

    /// <summary>The idempotency key already names a call (a call runs at most once), or one with other arguments.</summary>
    Replay,

    /// <summary>The server could not record the call or ask for its approval, so it must not run.</summary>
    Unrecorded,
}
