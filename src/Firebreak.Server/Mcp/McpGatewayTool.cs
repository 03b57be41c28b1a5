using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>One tool the gateway offers: the upstream that serves it, its name there, and its definition under the gateway's name.</summary>
/// <param name="Name">The name clients call it by: the upstream's name, prefixed with <c>{upstream}.</c> when two upstreams offer the same name.</param>
/// <param name="Upstream">The upstream that serves it.</param>
/// <param name="UpstreamName">Its name on the upstream.</param>
/// <param name="Definition">The upstream's definition, renamed to <paramref name="Name"/>.</param>
internal sealed record McpGatewayTool(string Name, McpUpstream Upstream, string UpstreamName, Tool Definition);
