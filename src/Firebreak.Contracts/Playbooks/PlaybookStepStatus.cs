namespace Firebreak.Playbooks;

/// <summary>How a step of an execution ended. Written snake_case in JSON (<c>already_in_effect</c>).</summary>
public enum PlaybookStepStatus
{
    /// <summary>A dry run: the step would run.</summary>
    Planned,

    /// <summary>What the step asks for already held; it changed nothing.</summary>
    AlreadyInEffect,

    /// <summary>The step ran.</summary>
    Applied,

    /// <summary>The step could not run for want of something it needs (a page without an incident); the detail says what.</summary>
    Skipped,

    /// <summary>The step was refused or broke; the detail says why. Later steps still run.</summary>
    Failed,
}
