using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
            .WithName("PutAgent")
            .WithSummary("Registers an agent or replaces its definition as a control change: a new epoch, pushed to the agent's enforcement points, answered with which confirmed; 409 while the agent is frozen.")
            .RequireAuthorization(Policies.Operate);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AgentDefinition>>> ListAgents(RegistryStore registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    private static async Task<Results<Ok<AgentDefinition>, ProblemHttpResult>> GetAgent(string id, RegistryStore registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(id, cancellationToken) is { } agent
            ? TypedResults.Ok(agent)
            : Problems.NotFound($"Agent '{id}' is not registered.");

    private static async Task<Results<Ok<AgentRegistration>, ValidationProblem, ProblemHttpResult>> PutAgent(
        string id,
        AgentDefinition agent,
        int? wait,
        ControlPlane control,
        IOptions<ControlOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = AgentValidator.Validate(agent);
        if (!string.Equals(id, agent.Id, StringComparison.Ordinal))
        {
            errors.Add("id", $"must match the agent id in the path ('{id}')");
        }

        if (wait is < 0 or > ControlEndpoints.MaxWaitMs)
        {
            errors.Add("wait", $"must be between 0 and {ControlEndpoints.MaxWaitMs} milliseconds");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        // A definition decides what enforcement points allow, so an edit is a control change: an epoch, pushed and confirmed.
        var timeout = wait is { } ms ? TimeSpan.FromMilliseconds(ms) : options.Value.ConfirmationTimeout;
        var result = await control.EditRegistryAsync(agent, Caller.From(http.User), timeout, cancellationToken);
        return result.Status == WriteStatus.Conflict ? Problems.Conflict(result.Detail!) : TypedResults.Ok(result.Value!);
    }
}
