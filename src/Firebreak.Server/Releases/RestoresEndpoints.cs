using Firebreak.Releases;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Releases;

internal static class RestoresEndpoints
{
    public static IEndpointRouteBuilder MapRestoresEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/v1/agents/{agent}/restores").WithTags("Releases");
        agents.Requiring(Policies.Operate).MapPost("/", Start)
            .WithName("StartRestore").WithSummary("Starts a gradual restore of a release behind the regression gate: a growing share of new runs, judged at every stage.");
        agents.Requiring(Policies.Read).MapGet("/", List)
            .WithName("ListRestores").WithSummary("The agent's gradual restores, newest first, with every decision.");

        var group = app.MapGroup("/api/v1/restores").WithTags("Releases");
        var operate = group.Requiring(Policies.Operate);
        group.Requiring(Policies.Read).MapGet("/{id}", Get)
            .WithName("GetRestore").WithSummary("A gradual restore with its stages and decisions.");
        operate.MapPost("/{id}/abort", Abort)
            .WithName("AbortRestore").WithSummary("Sends every new run back to the baseline release and ends the restore.");
        operate.MapPost("/{id}/resume", Resume)
            .WithName("ResumeRestore").WithSummary("Lets a paused restore run again; its current stage starts over.");
        return app;
    }

    private static async Task<Results<Created<Restore>, ValidationProblem, ProblemHttpResult>> Start(
        string agent,
        RestoreRequest request,
        RestorePlane plane,
        Registry.RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await registry.GetAsync(agent, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{agent}' is not registered.");
        }

        var outcome = await plane.StartAsync(agent, request, Caller.From(http.User), cancellationToken);
        return outcome.Answer(restore => TypedResults.Created($"/api/v1/restores/{restore.Id}", restore));
    }

    private static async Task<Ok<IReadOnlyList<Restore>>> List(string agent, RestoreStore restores, CancellationToken cancellationToken) =>
        TypedResults.Ok(await restores.ListAsync(agent, cancellationToken));

    private static async Task<Results<Ok<Restore>, ProblemHttpResult>> Get(string id, RestoreStore restores, CancellationToken cancellationToken) =>
        await restores.GetAsync(id, cancellationToken) is { } restore ? TypedResults.Ok(restore) : Problems.NotFound($"Restore '{id}' does not exist.");

    private static async Task<Results<Ok<Restore>, ValidationProblem, ProblemHttpResult>> Abort(
        string id, RestoreDecisionRequest request, RestorePlane plane, HttpContext http, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        return (await plane.AbortAsync(id, request.Reason, Caller.From(http.User), cancellationToken)).Answer(TypedResults.Ok);
    }

    private static async Task<Results<Ok<Restore>, ValidationProblem, ProblemHttpResult>> Resume(
        string id, RestoreDecisionRequest request, RestorePlane plane, HttpContext http, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        return (await plane.ResumeAsync(id, request.Reason, Caller.From(http.User), cancellationToken)).Answer(TypedResults.Ok);
    }

    private static ValidationProblem? Invalid(RestoreDecisionRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("reason", request.Reason, ReleasePlane.MaxReasonLength);
        return errors.IsValid ? null : Problems.Invalid(errors);
    }
}
