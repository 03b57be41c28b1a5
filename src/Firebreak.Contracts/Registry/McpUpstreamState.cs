namespace Firebreak.Registry;

/// <summary>Where the gateway's connection to an upstream MCP server stands on the node that answers.</summary>
public enum McpUpstreamState
{
    /// <summary>No agent session has needed it yet (or its declaration changed since): a stdio upstream's process is not running.</summary>
    NotStarted,

    /// <summary>Connecting, or reconnecting after it went away.</summary>
    Starting,

    /// <summary>Connected.</summary>
    Running,

    /// <summary>The last attempt to connect failed; the next agent session tries again.</summary>
    Unavailable,
}
