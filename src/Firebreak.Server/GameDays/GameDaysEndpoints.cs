using Firebreak.GameDays;
using Firebreak.Readiness;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.GameDays;

internal static class GameDaysEndpoints
{
    public static IEndpointRouteBuilder MapGameDaysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/gamedays").WithTags("Game days");
        group.Requiring(Policies.Operate).MapPost("/", Record)
            .WithName("RecordGameDay").WithSummary("Stores the report of a drill (firebreak gameday), as readiness reads it back.");
        group.Requiring(Policies.Read).MapGet("/", List)
            .WithName("ListGameDays").WithSummary("Lists drill records, newest first, optionally of one agent and one scenario.");
        app.MapGet("/api/v1/readiness/server", Server)
            .WithTags("Game days")
            .WithName("GetServerReadiness").WithSummary("The server's side of the readiness checklist that no other endpoint shows: how long decision traces are kept.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Created<GameDayRecord>, ValidationProblem, ProblemHttpResult>> Record(
        GameDayReport report,
        GameDayStore store,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = GameDayValidator.Validate(report);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await registry.GetAsync(report.AgentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{report.AgentId}' is not registered.");
        }

        var stored = await store.CreateAsync(report, Caller.From(http.User).Actor, cancellationToken);
        return TypedResults.Created($"/api/v1/gamedays?agent={stored.Report.AgentId}&scenario={stored.Report.Scenario}", stored);
    }

    private static async Task<Results<Ok<IReadOnlyList<GameDayRecord>>, ValidationProblem>> List(
        string? agent,
        string? scenario,
        int? limit,
        GameDayStore store,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (agent is not null && !AgentValidator.IsSlug(agent))
        {
            errors.Add("agent", "must be an agent id (slug)");
        }

        if (scenario is not null && !AgentValidator.IsSlug(scenario))
        {
            errors.Add("scenario", "must be a scenario name (slug)");
        }

        var size = Paging.Read(errors, limit);

        return errors.IsValid
            ? TypedResults.Ok(await store.ListAsync(agent, scenario, size, cancellationToken))
            : Problems.Invalid(errors);
    }

    private static Ok<ServerReadiness> Server(IOptions<FirebreakOptions> options) =>
        TypedResults.Ok(new ServerReadiness(options.Value.RetentionDays));
}
