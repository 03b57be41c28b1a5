namespace Firebreak.Registry;

/// <summary>One upstream MCP server of an agent, and where the gateway's connection to it stands.</summary>
/// <param name="Name">The upstream's name in the registry.</param>
/// <param name="State">Its connection on the node that answered.</param>
public sealed record McpUpstreamStatus(string Name, McpUpstreamState State);
