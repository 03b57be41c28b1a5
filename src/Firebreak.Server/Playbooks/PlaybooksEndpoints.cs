using Firebreak.Playbooks;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Detection;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Registry;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Playbooks;

internal static class PlaybooksEndpoints
{
    public static IEndpointRouteBuilder MapPlaybooksEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/playbooks").WithTags("Playbooks");
        var read = group.Requiring(Policies.Read);
        group.Requiring(Policies.Operate).MapPost("/apply", Apply)
            .WithName("ApplyPlaybook")
            .WithSummary("Applies one of an agent's playbooks now, or with dryRun reports what each step would do; answers the execution with each step's outcome.");
        read.MapGet("/executions", ListExecutions)
            .WithName("ListPlaybookExecutions").WithSummary("Playbook executions, newest first, automatic and by operators.");
        read.MapGet("/executions/{id}", GetExecution)
            .WithName("GetPlaybookExecution").WithSummary("One playbook execution and what each step did.");
        app.MapGet("/api/v1/agents/{id}/playbooks", ListPlaybooks)
            .WithTags("Playbooks")
            .WithName("ListAgentPlaybooks").WithSummary("The agent's playbooks as declared in the registry, in priority order.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Ok<PlaybookExecution>, ValidationProblem, ProblemHttpResult>> Apply(
        ApplyPlaybookRequest request,
        RegistryStore registry,
        RecentAlerts alerts,
        AlertStore alertStore,
        IncidentTimeline timeline,
        PlaybookEngine engine,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is not { } agent)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        if (agent.Playbooks?.FirstOrDefault(p => string.Equals(p.Name, request.Playbook, StringComparison.Ordinal)) is not { } playbook)
        {
            return Problems.NotFound($"Agent '{agent.Id}' has no playbook '{request.Playbook}'.");
        }

        // An alert raised on another node, or before this node started, is in the store only.
        var alert = request.AlertId is { } alertId ? alerts.Find(alertId) ?? await alertStore.GetAsync(alertId, cancellationToken) : null;
        if (request.AlertId is not null && alert is null)
        {
            return Problems.NotFound($"Alert '{request.AlertId}' does not exist.");
        }

        if (await timeline.RefuseUnknownAsync(request.IncidentId, cancellationToken) is { } unknownIncident)
        {
            return Problems.NotFound(unknownIncident);
        }

        var outcome = await engine.ApplyAsync(
            agent, playbook, new PlaybookTrigger(alert, request.IncidentId), automatic: false, request.DryRun, Caller.From(http.User).Actor, cancellationToken);
        return outcome.Answer(TypedResults.Ok);
    }

    private static ValidationErrors Validate(ApplyPlaybookRequest request)
    {
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        if (!AgentValidator.IsSlug(request.Playbook))
        {
            errors.Add("playbook", "must be a playbook name (slug)");
        }

        if (request.AlertId is not null)
        {
            errors.Required("alertId", request.AlertId, 64);
        }

        if (request.IncidentId is not null)
        {
            errors.Required("incidentId", request.IncidentId, 64);
        }

        return errors;
    }

    private static async Task<Results<Ok<IReadOnlyList<PlaybookExecution>>, ValidationProblem>> ListExecutions(
        PlaybookStore store, string? agent, string? alert, int? limit, CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        return TypedResults.Ok(await store.ListAsync(agent, alert, size, cancellationToken));
    }

    private static async Task<Results<Ok<PlaybookExecution>, ProblemHttpResult>> GetExecution(string id, PlaybookStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } execution
            ? TypedResults.Ok(execution)
            : Problems.NotFound($"Playbook execution '{id}' does not exist.");

    private static async Task<Results<Ok<IReadOnlyList<PlaybookDefinition>>, ProblemHttpResult>> ListPlaybooks(
        string id, RegistryStore registry, CancellationToken cancellationToken) =>
        await registry.GetAsync(id, cancellationToken) is { } agent
            ? TypedResults.Ok(agent.Playbooks ?? [])
            : Problems.NotFound($"Agent '{id}' is not registered.");
}
