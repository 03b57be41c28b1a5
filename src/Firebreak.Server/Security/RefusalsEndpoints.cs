using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Security;

internal static class RefusalsEndpoints
{
    public static IEndpointRouteBuilder MapRefusalsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/agents/{id}/refusals", GetRefusals)
            .WithTags("Agents")
            .WithName("GetAgentRefusals")
            .WithSummary("The attempts of the agent's keys that this node refused with 403 since it started, newest first.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Ok<AgentRefusals>, ProblemHttpResult>> GetRefusals(
        string id,
        RegistryStore registry,
        RefusalLog log,
        CancellationToken cancellationToken) =>
        await registry.GetAsync(id, cancellationToken) is null
            ? Problems.NotFound($"Agent '{id}' is not registered.")
            : TypedResults.Ok(log.For(id));
}
