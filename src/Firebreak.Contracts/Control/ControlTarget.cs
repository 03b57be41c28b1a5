namespace Firebreak.Control;

/// <summary>
/// What a control change request reaches. The target is always explicit: a request that forgets its agent id
/// is refused rather than read as global, so a typo can never stop every agent.
/// </summary>
public enum ControlTarget
{
    /// <summary>Every agent (the global scope).</summary>
    Global,

    /// <summary>One agent (its agent scope).</summary>
    Agent,

    /// <summary>Named tools of one agent (one tool scope each).</summary>
    Tools,

    /// <summary>Every tool of one agent whose risk class is listed, as declared when the change is made (one tool scope each).</summary>
    Risk,
}
