using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Mcp;
using Firebreak.Server.Outbound;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Registry;

internal static class AgentsEndpoints
{
    public static IEndpointRouteBuilder MapAgentsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/agents").WithTags("Agents");
        var read = group.Requiring(Policies.Read);
        read.MapGet("/", ListAgents)
            .WithName("ListAgents").WithSummary("Lists registered agents and their tool catalogs; upstream env values are redacted.");
        read.MapGet("/{id}", GetAgent)
            .WithName("GetAgent").WithSummary("Returns one agent and its tool catalog; upstream env values are redacted.");
        group.Requiring(Policies.Operate).MapPut("/{id}", PutAgent)
            .WithName("PutAgent")
            .WithSummary("Registers an agent or replaces its definition as a control change: a new epoch, pushed to the agent's enforcement points, answered with which confirmed. An upstream env value sent as the redaction marker keeps the stored one; a stdio upstream command must be declared by the registry file or allowed; compensator, hook and upstream URLs must name allowed hosts; 409 while the agent is frozen.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<AgentDefinition>>> ListAgents(RegistryStore registry, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<AgentDefinition>>([.. (await registry.ListAsync(cancellationToken)).Select(RegistrySecrets.Redact)]);

    private static async Task<Results<Ok<AgentDefinition>, ProblemHttpResult>> GetAgent(string id, RegistryStore registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(id, cancellationToken) is { } agent
            ? TypedResults.Ok(RegistrySecrets.Redact(agent))
            : Problems.NotFound($"Agent '{id}' is not registered.");

    private static async Task<Results<Ok<AgentRegistration>, ValidationProblem, ProblemHttpResult>> PutAgent(
        string id,
        AgentDefinition agent,
        int? wait,
        ControlPlane control,
        RegistryStore registry,
        McpUpstreamPolicy upstreamPolicy,
        OutboundPolicy outbound,
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

        (agent, errors) = await AdmitUpstreamsAsync(agent, registry, upstreamPolicy, cancellationToken);
        outbound.Check(agent, errors);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        // A definition decides what enforcement points allow, so an edit is a control change: an epoch, pushed and confirmed.
        var timeout = wait is { } ms ? TimeSpan.FromMilliseconds(ms) : options.Value.ConfirmationTimeout;
        var result = await control.EditRegistryAsync(agent, Caller.From(http.User), timeout, cancellationToken);
        return result.Status == WriteStatus.Conflict
            ? Problems.Conflict(result.Detail!)
            : TypedResults.Ok(result.Value! with { Agent = RegistrySecrets.Redact(result.Value!.Agent) });
    }

    /// <summary>
    /// The definition to store: redaction markers sent back replaced by the stored secrets, and every stdio upstream command one
    /// this server may start. Checked before anything is stored, so a refused edit changes nothing.
    /// </summary>
    private static async Task<(AgentDefinition Agent, ValidationErrors Errors)> AdmitUpstreamsAsync(
        AgentDefinition agent, RegistryStore registry, McpUpstreamPolicy upstreamPolicy, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var admitted = RegistrySecrets.KeepStored(agent, await registry.GetAsync(agent.Id, cancellationToken), errors);
        upstreamPolicy.Check(admitted, errors);
        return (admitted, errors);
    }
}
