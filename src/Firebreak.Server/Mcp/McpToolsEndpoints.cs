using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelContextProtocol;

namespace Firebreak.Server.Mcp;

internal static class McpToolsEndpoints
{
    public static IEndpointRouteBuilder MapMcpToolsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/agents/{id}/mcp-tools", ListMcpTools)
            .WithTags("Agents")
            .WithName("ListMcpTools")
            .WithSummary("Lists the tools the agent's MCP upstreams offer through the gateway, marking those its catalog does not declare; starts the upstreams if they are not running.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<McpToolInfo>>, ProblemHttpResult>> ListMcpTools(string id, McpGateways gateways, CancellationToken cancellationToken)
    {
        if (await gateways.GetAsync(id, cancellationToken) is not { } gateway)
        {
            return Problems.NotFound($"Agent '{id}' is not registered or declares no MCP upstreams.");
        }

        IReadOnlyList<McpGatewayTool> catalog;
        try
        {
            catalog = await gateway.CatalogAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or McpException)
        {
            return TypedResults.Problem($"The MCP upstreams of agent '{id}' could not be listed: {e.Message}", statusCode: StatusCodes.Status502BadGateway, title: "Bad Gateway");
        }

        return TypedResults.Ok<IReadOnlyList<McpToolInfo>>([.. catalog.Select(gateway.Describe)]);
    }
}
