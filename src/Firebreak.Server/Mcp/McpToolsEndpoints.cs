using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Mcp;

internal static class McpToolsEndpoints
{
    public static IEndpointRouteBuilder MapMcpToolsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/agents/{id}/mcp-tools", ListMcpTools)
            .WithTags("Agents")
            .WithName("ListMcpTools")
            .WithSummary("Lists the tools the agent's MCP upstreams offered through the gateway when last listed, marking those its catalog does not declare, and each upstream's state; never starts an upstream.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    // A read never starts a process: only an agent session does (its key may, a viewer's may not).
    private static async Task<Results<Ok<McpToolsListing>, ProblemHttpResult>> ListMcpTools(string id, RegistryStore registry, McpGateways gateways, CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(id, cancellationToken) is not { Mcp: { } mcp } agent)
        {
            return Problems.NotFound($"Agent '{id}' is not registered or declares no MCP upstreams.");
        }

        var gateway = gateways.Find(id) is { } found && found.Serves(agent) ? found : null;
        var upstreams = mcp.Upstreams
            .Select((u, i) => new McpUpstreamStatus(u.Name, gateway?.Upstreams[i].State ?? McpUpstreamState.NotStarted))
            .ToList();
        IReadOnlyList<McpToolInfo> tools = gateway?.KnownCatalog is { } catalog ? [.. catalog.Select(gateway.Describe)] : [];
        return TypedResults.Ok(new McpToolsListing(upstreams, tools));
    }
}
