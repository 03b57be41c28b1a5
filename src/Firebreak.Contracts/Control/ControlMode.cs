namespace Firebreak.Control;

/// <summary>
/// Containment state at a scope. Values are ordered by restrictiveness, so the effective mode across
/// scopes is the largest value: <see cref="Killed"/> &gt; <see cref="Paused"/> &gt; <see cref="Fallback"/>
/// &gt; <see cref="Shadow"/> &gt; <see cref="Approval"/> &gt; <see cref="Normal"/>.
/// JSON writes the snake_case name (<c>killed</c>) through <see cref="Serialization.FirebreakJson.Options"/>.
/// </summary>
public enum ControlMode
{
    /// <summary>No containment; the absence of a setting. Setting it at a scope resumes that scope.</summary>
    Normal = 0,

    /// <summary>A human approves each risky action, bound to its exact arguments.</summary>
    Approval = 1,

    /// <summary>Risky actions do not execute; would-be actions are recorded.</summary>
    Shadow = 2,

    /// <summary>New runs get the agent's declared degraded experience; only read tools run.</summary>
    Fallback = 3,

    /// <summary>Drain: no new runs, their input is held for human review; runs in flight finish.</summary>
    Paused = 4,

    /// <summary>No action at all; in-flight calls are cancelled.</summary>
    Killed = 5,
}
