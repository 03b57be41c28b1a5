namespace Firebreak.Server.Mcp;

/// <summary>MCP gateway settings, bound from the <c>Firebreak:Mcp</c> configuration section.</summary>
public sealed class McpOptions
{
    public const string Section = "Firebreak:Mcp";

    /// <summary>
    /// Commands a stdio upstream declared through the API may run, besides those the registry file declares (default none:
    /// only the registry file's upstreams run). An entry matches the upstream's <c>command</c> exactly, as written (ordinal,
    /// no PATH lookup: <c>node</c> does not allow <c>/usr/bin/node</c>). Arguments are not restricted: allowing <c>npx</c> allows
    /// any npm package, allowing <c>node</c> or a shell allows any code. To pin the arguments too, declare the upstream in the
    /// registry file instead.
    /// </summary>
    public IList<string> AllowedCommands { get; } = [];
}
