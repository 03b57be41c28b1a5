namespace Firebreak.Control;

/// <summary>How wide a control setting reaches.</summary>
public enum ControlScopeKind
{
    /// <summary>Every agent and every tool.</summary>
    Global,

    /// <summary>One agent, all of its tools and runs.</summary>
    Agent,

    /// <summary>One tool of one agent.</summary>
    Tool,
}
