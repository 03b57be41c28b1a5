using Firebreak.Incidents;
using Firebreak.Regression;
using Firebreak.Registry;
using Firebreak.Releases;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Releases;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Regression;

internal static class RegressionEndpoints
{
    /// <summary>The most actions of one run a case captures.</summary>
    private const int MaxCapturedActions = 500;

    public static IEndpointRouteBuilder MapRegressionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/regression").WithTags("Regression");
        group.Requiring(Policies.Operate).MapPost("/cases", Create)
            .WithName("CreateRegressionCase").WithSummary("Captures a run from the ledger as a replayable regression case with assertions.");
        group.Requiring(Policies.Replay).MapGet("/cases", List)
            .WithName("ListRegressionCases").WithSummary("Lists an agent's regression cases, oldest first. An agent or ci key sees only its agents'.");
        group.Requiring(Policies.Observe).MapGet("/cases/{id}", Get)
            .WithName("GetRegressionCase").WithSummary("Returns a regression case.");
        group.Requiring(Policies.Gate).MapPost("/results", Report)
            .WithName("ReportRegressionResult").WithSummary("A replay harness reports how a case fared on a release; the latest report per case and release counts. Operators and ci keys of the case's agent only: never the agent under test.");
        group.Requiring(Policies.Read).MapGet("/gate", Gate)
            .WithName("GetRegressionGate").WithSummary("Every regression case of an agent and how it stands on a release; promotion needs all of them passed.");
        return app;
    }

    private static async Task<Results<Created<RegressionCase>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRegressionCaseRequest request,
        LedgerStore ledger,
        RegressionStore regression,
        IncidentTimeline timeline,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = RegressionValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await timeline.RefuseUnknownAsync(request.IncidentId, cancellationToken) is { } unknown)
        {
            return Problems.NotFound(unknown);
        }

        if (await ledger.GetTraceAsync(request.FromRunId, cancellationToken) is not { } trace)
        {
            return Problems.NotFound($"Run '{request.FromRunId}' does not exist.");
        }

        if (trace.Run.Toxic is { } toxic && request.Negative != true)
        {
            return Problems.Conflict(
                $"Run '{trace.Run.Id}' is marked toxic ({toxic.Reason}, by {toxic.MarkedBy}); it is kept as evidence and cannot be captured as a good regression example. Capture it as a negative case (negative: true) to forbid what it did.");
        }

        var actions = await ledger.ListActionsAsync(new ActionQuery(RunId: trace.Run.Id, Limit: MaxCapturedActions), cancellationToken);
        var actor = Caller.From(http.User).Actor;
        var captured = RegressionCapture.FromRun($"reg_{Guid.CreateVersion7():N}", request, trace, actions, actor, time.GetUtcNow(), out var problem);
        if (captured is null)
        {
            return Problems.Conflict(problem!);
        }

        var entry = captured.IncidentId is { } incidentId
            ? new TimelineAct(
                incidentId,
                TimelineKind.Release,
                actor,
                $"captured {(request.Negative == true ? "negative " : string.Empty)}regression case {captured.Name} from run {captured.SourceRunId}: {string.Join(", ", captured.Assertions.Select(a => a.Describe()))}",
                new { caseId = captured.Id })
            : null;
        var stored = await regression.CreateAsync(captured, entry, cancellationToken);

        return TypedResults.Created($"/api/v1/regression/cases/{stored.Id}", stored);
    }

    private static async Task<Results<Ok<IReadOnlyList<RegressionCase>>, ValidationProblem, ProblemHttpResult>> List(
        string? agent,
        RegressionStore regression,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!AgentValidator.IsSlug(agent))
        {
            var errors = new ValidationErrors();
            errors.Add("agent", "is required: an agent id (slug)");
            return Problems.Invalid(errors);
        }

        return ReleasesEndpoints.Forbid(http, agent!) is { } forbidden
            ? forbidden
            : TypedResults.Ok(await regression.ListAsync(agent!, cancellationToken));
    }

    private static async Task<Results<Ok<RegressionCase>, ProblemHttpResult>> Get(
        string id,
        RegressionStore regression,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (await regression.GetAsync(id, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Regression case '{id}' does not exist.");
        }

        return ReleasesEndpoints.Forbid(http, found.AgentId) is { } forbidden ? forbidden : TypedResults.Ok(found);
    }

    private static async Task<Results<Ok<RegressionResult>, ValidationProblem, ProblemHttpResult>> Report(
        RegressionResultRequest request,
        RegressionStore regression,
        ReleaseStore releases,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = RegressionValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await regression.GetAsync(request.CaseId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Regression case '{request.CaseId}' does not exist.");
        }

        var caller = Caller.From(http.User);
        if (!caller.MayGateFor(found.AgentId))
        {
            return Problems.Forbidden($"This key may not report results for agent '{found.AgentId}'.");
        }

        var (release, problem) = await releases.ResolveAsync(found.AgentId, request.ReleaseId, cancellationToken);
        if (release is null)
        {
            return Problems.NotFound(problem!);
        }

        return TypedResults.Ok(await regression.RecordResultAsync(request, caller.Actor, cancellationToken));
    }

    private static async Task<Results<Ok<GateReport>, ValidationProblem, ProblemHttpResult>> Gate(
        string? agent,
        string? release,
        ReleaseStore releases,
        ReleasePlane plane,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(agent))
        {
            errors.Add("agent", "is required: an agent id (slug)");
        }

        if (!ReleaseValidator.IsReleaseIdOrPrefix(release))
        {
            errors.Add("release", "must be a release id or a prefix of at least 8 of its characters");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (found, problem) = await releases.ResolveAsync(agent, release!, cancellationToken);
        return found is null ? Problems.NotFound(problem!) : TypedResults.Ok(await plane.GateAsync(agent!, found.Id, cancellationToken));
    }
}
