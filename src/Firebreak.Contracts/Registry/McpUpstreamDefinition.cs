namespace Firebreak.Registry;

/// <summary>
/// An MCP server the gateway forwards an agent's tool calls to: a process it starts and speaks to over stdio
/// (<paramref name="Command"/>), or a Streamable HTTP endpoint (<paramref name="Url"/>). Exactly one of the two.
/// </summary>
/// <param name="Name">A slug, unique within the agent; prefixes the upstream's tool names when two upstreams offer the same name.</param>
/// <param name="Command">
/// The executable to start, for a stdio upstream. The server starts only commands its registry file declares for the agent
/// (exactly as declared) or that its <c>Firebreak:Mcp:AllowedCommands</c> names.
/// </param>
/// <param name="Args">Its arguments.</param>
/// <param name="Env">
/// Environment variables of the process. It gets these and a minimal environment (<c>PATH</c>, <c>HOME</c>, <c>LANG</c>,
/// <c>TMPDIR</c>), never the server's own. The values are secrets: the API shows <c>***</c> instead.
/// </param>
/// <param name="Url">The Streamable HTTP endpoint, for an HTTP upstream.</param>
public sealed record McpUpstreamDefinition(
    string Name,
    string? Command = null,
    IReadOnlyList<string>? Args = null,
    IReadOnlyDictionary<string, string>? Env = null,
    Uri? Url = null);
