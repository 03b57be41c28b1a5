namespace Firebreak.Registry;

/// <summary>How the MCP gateway serves an agent at <c>/mcp/{agent}</c>: the upstream MCP servers behind it.</summary>
/// <param name="Upstreams">The upstream servers; at least one, names unique.</param>
/// <param name="UnregisteredToolRisk">
/// The risk class of an upstream tool the agent's catalog does not declare; <see langword="null"/> means <see cref="DefaultUnregisteredToolRisk"/>.
/// </param>
public sealed record McpGatewayDefinition(
    IReadOnlyList<McpUpstreamDefinition> Upstreams,
    RiskClass? UnregisteredToolRisk = null)
{
    /// <summary>An undeclared tool may change things, so it is not treated as a read; it is not assumed irreversible either.</summary>
    public const RiskClass DefaultUnregisteredToolRisk = RiskClass.Write;

    public RiskClass EffectiveUnregisteredToolRisk => UnregisteredToolRisk ?? DefaultUnregisteredToolRisk;
}
