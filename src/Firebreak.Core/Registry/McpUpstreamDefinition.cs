namespace Firebreak.Registry;

/// <summary>
/// An MCP server the gateway forwards an agent's tool calls to: a process it starts and speaks to over stdio
/// (<paramref name="Command"/>), or a Streamable HTTP endpoint (<paramref name="Url"/>). Exactly one of the two.
/// </summary>
/// <param name="Name">A slug, unique within the agent; prefixes the upstream's tool names when two upstreams offer the same name.</param>
/// <param name="Command">The executable to start, for a stdio upstream.</param>
/// <param name="Args">Its arguments.</param>
/// <param name="Env">Environment variables set for the process, on top of the gateway's own.</param>
/// <param name="Url">The Streamable HTTP endpoint, for an HTTP upstream.</param>
public sealed record McpUpstreamDefinition(
    string Name,
    string? Command = null,
    IReadOnlyList<string>? Args = null,
    IReadOnlyDictionary<string, string>? Env = null,
    Uri? Url = null);
