namespace Firebreak.Registry;

/// <summary>A tool an agent's MCP upstreams offer through the gateway, and how the gateway decides its calls.</summary>
/// <param name="Name">The name clients call it by.</param>
/// <param name="Upstream">The upstream that serves it.</param>
/// <param name="UpstreamName">Its name on that upstream.</param>
/// <param name="Risk">The risk class its calls are decided with: the registry's, or the agent's default for unregistered upstream tools.</param>
/// <param name="Registered">Whether the agent's registry catalog declares it.</param>
public sealed record McpToolInfo(string Name, string Upstream, string UpstreamName, RiskClass Risk, bool Registered);
