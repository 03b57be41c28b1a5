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
        agents.MapPost("/", Start)
            .WithName("StartRestore").WithSummary("Starts a gradual restore of a release behind the regression gate: a growing share of new runs, judged at every stage.")
            .RequireAuthorization(Policies.Operate);
        agents.MapGet("/", List)
            .WithName("ListRestores").WithSummary("The agent's gradual restores, newest first, with every decision.")
            .RequireAuthorization(Policies.Read);

        var group = app.MapGroup("/api/v1/restores").WithTags("Releases");
        group.MapGet("/{id}", Get)
            .WithName("GetRestore").WithSummary("A gradual restore with its stages and decisions.")
            .RequireAuthorization(Policies.Read);
        group.MapPost("/{id}/abort", Abort)
            .WithName("AbortRestore").WithSummary("Sends every new run back to the baseline release and ends the restore.")
            .RequireAuthorization(Policies.Operate);
        group.MapPost("/{id}/resume", Resume)
            .WithName("ResumeRestore").WithSummary("Lets a paused restore run again; its current stage starts over.")
            .RequireAuthorization(Policies.Operate);
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
        return Answer(outcome, restore => TypedResults.Created($"/api/v1/restores/{restore.Id}", restore));
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

        return Answer(await plane.AbortAsync(id, request.Reason, Caller.From(http.User), cancellationToken), TypedResults.Ok);
    }

    private static async Task<Results<Ok<Restore>, ValidationProblem, ProblemHttpResult>> Resume(
        string id, RestoreDecisionRequest request, RestorePlane plane, HttpContext http, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        return Answer(await plane.ResumeAsync(id, request.Reason, Caller.From(http.User), cancellationToken), TypedResults.Ok);
    }

    private static ValidationProblem? Invalid(RestoreDecisionRequest request)
    {
        var errors = new ValidationErrors();
        errors.Required("reason", request.Reason, ReleasePlane.MaxReasonLength);
        return errors.IsValid ? null : Problems.Invalid(errors);
    }

    private static Results<TOk, ValidationProblem, ProblemHttpResult> Answer<TOk>(RestoreOutcome outcome, Func<Restore, TOk> ok)
        where TOk : IResult
    {
        if (outcome.Invalid is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        if (outcome.Gate is { } gate)
        {
            return ReleasesEndpoints.GateRefused(gate);
        }

        if (outcome.NotFound is { } notFound)
        {
            return Problems.NotFound(notFound);
        }

        return outcome.Restore is { } restore ? ok(restore) : Problems.Conflict(outcome.Conflict!);
    }
}
