using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;

namespace Firebreak.Server.Mcp;

/// <summary>
/// Narrows <c>/mcp/{agent}</c> after authorization: an agent key reaches only its own agent's gateway, and an agent
/// without upstream declarations has none.
/// </summary>
internal sealed class McpGatewayAccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, RegistryStore registry)
    {
        if (!http.Request.Path.StartsWithSegments(McpGatewayExtensions.PathPrefix, StringComparison.Ordinal) || http.GetRouteValue("agent") is not string agentId)
        {
            await next(http);
            return;
        }

        if (!Caller.From(http.User).MayActFor(agentId))
        {
            await Problems.Forbidden($"This key may not use the MCP gateway of agent '{agentId}'.").ExecuteAsync(http);
            return;
        }

        if (await registry.GetAsync(agentId, http.RequestAborted) is not { Mcp: not null })
        {
            await Problems.NotFound($"Agent '{agentId}' is not registered or declares no MCP upstreams.").ExecuteAsync(http);
            return;
        }

        await next(http);
    }
}
