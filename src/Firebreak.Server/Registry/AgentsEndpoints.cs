using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Registry;

internal static class AgentsEndpoints
{
    public static IEndpointRouteBuilder MapAgentsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/agents").WithTags("Agents");
        group.MapGet("/", ListAgents)
            .WithName("ListAgents").WithSummary("Lists registered agents and their tool catalogs.")
            .RequireAuthorization(Policies.Read);
        group.MapGet("/{id}", GetAgent)
            .WithName("GetAgent").WithSummary("Returns one agent and its tool catalog.")
            .RequireAuthorization(Policies.Read);
        group.MapPut("/{id}", PutAgent)
            .WithName("PutAgent").WithSummary("Registers an agent or replaces its definition; 409 while the agent is frozen.")
            .RequireAuthorization(Policies.Operate);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AgentDefinition>>> ListAgents(RegistryStore registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    private static async Task<Results<Ok<AgentDefinition>, ProblemHttpResult>> GetAgent(string id, RegistryStore registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(id, cancellationToken) is { } agent
            ? TypedResults.Ok(agent)
            : Problems.NotFound($"Agent '{id}' is not registered.");

    private static async Task<Results<Ok<AgentDefinition>, ValidationProblem, ProblemHttpResult>> PutAgent(
        string id,
        AgentDefinition agent,
        RegistryStore registry,
        ControlPlane control,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = AgentValidator.Validate(agent);
        if (!string.Equals(id, agent.Id, StringComparison.Ordinal))
        {
            errors.Add("id", $"must match the agent id in the path ('{id}')");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (control.IsFrozen(id))
        {
            return Problems.Conflict($"Agent '{id}' is frozen: its configuration cannot change until an operator thaws it.");
        }

        var result = await registry.UpsertAsync(agent, "api", Caller.From(http.User).Actor, cancellationToken);
        return TypedResults.Ok(result.Value!);
    }
}
