using Firebreak.Ledger;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Ledger;

internal static class RunsEndpoints
{
    public static IEndpointRouteBuilder MapRunsEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/runs").WithTags("Runs");
        var read = runs.Requiring(Policies.Read);
        var record = runs.Requiring(Policies.Record);
        record.MapPost("/", StartRun)
            .WithName("StartRun").WithSummary("Starts a run; idempotent on the run id.");
        read.MapGet("/", ListRuns)
            .WithName("ListRuns").WithSummary("Lists runs, newest first.");
        read.MapGet("/{id}", GetRun)
            .WithName("GetRun").WithSummary("Returns one run.");
        record.MapPost("/{id}/steps", AppendStep)
            .WithName("AppendStep").WithSummary("Appends a step to a running run's decision trace.");
        record.MapPost("/{id}/end", EndRun)
            .WithName("EndRun").WithSummary("Ends a run with a final status and optional output.");
        read.MapGet("/{id}/trace", GetTrace)
            .WithName("GetTrace").WithSummary("Reconstructs a run's full decision trace in one call.");
        app.MapGet("/api/v1/traces/{correlationId}", GetTracesByCorrelation)
            .WithTags("Runs").WithName("GetTracesByCorrelation").WithSummary("Every run's decision trace sharing a correlation id, oldest first.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Created<RunRecord>, Ok<RunRecord>, ValidationProblem, ProblemHttpResult>> StartRun(
        StartRunRequest request,
        LedgerStore ledger,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not record runs of agent '{request.AgentId}'.");
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        var result = await ledger.StartRunAsync(request, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Created => TypedResults.Created($"/api/v1/runs/{Uri.EscapeDataString(result.Value!.Id)}", result.Value),
            WriteStatus.Existing => TypedResults.Ok(result.Value!),
            _ => Problems.Refused(result),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<RunRecord>>, ValidationProblem>> ListRuns(
        LedgerStore ledger,
        string? agent,
        string? correlationId,
        DateTimeOffset? before,
        int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var size = Paging.Read(errors, limit);

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await ledger.ListRunsAsync(new RunQuery(agent, correlationId, before, size), cancellationToken));
    }

    private static async Task<Results<Ok<RunRecord>, ProblemHttpResult>> GetRun(string id, LedgerStore ledger, CancellationToken cancellationToken) =>
        await ledger.GetRunAsync(id, cancellationToken) is { } run ? TypedResults.Ok(run) : Problems.NotFound($"Run '{id}' does not exist.");

    private static async Task<Results<Created<TraceItem>, ValidationProblem, ProblemHttpResult>> AppendStep(
        string id,
        AppendStepRequest request,
        LedgerStore ledger,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await Authorize(id, ledger, http, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await ledger.AppendStepAsync(id, request, cancellationToken);
        return result.Status == WriteStatus.Created
            ? TypedResults.Created($"/api/v1/runs/{Uri.EscapeDataString(id)}/trace", result.Value)
            : Problems.Refused(result);
    }

    private static async Task<Results<Ok<RunRecord>, ValidationProblem, ProblemHttpResult>> EndRun(
        string id,
        EndRunRequest request,
        LedgerStore ledger,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await Authorize(id, ledger, http, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await ledger.EndRunAsync(id, request, cancellationToken);
        return Outcome<RunRecord>.From(result).Answer(TypedResults.Ok);
    }

    private static async Task<Results<Ok<DecisionTrace>, ProblemHttpResult>> GetTrace(string id, LedgerStore ledger, CancellationToken cancellationToken) =>
        await ledger.GetTraceAsync(id, cancellationToken) is { } trace ? TypedResults.Ok(trace) : Problems.NotFound($"Run '{id}' does not exist.");

    private static async Task<Results<Ok<IReadOnlyList<DecisionTrace>>, ProblemHttpResult>> GetTracesByCorrelation(
        string correlationId,
        LedgerStore ledger,
        CancellationToken cancellationToken)
    {
        var traces = await ledger.GetTracesByCorrelationAsync(correlationId, Paging.MaxPageSize, cancellationToken);
        return traces.Count > 0 ? TypedResults.Ok(traces) : Problems.NotFound($"No run has correlation id '{correlationId}'.");
    }

    /// <summary>An agent key may write only to its own agent's runs; the run must exist.</summary>
    private static async Task<ProblemHttpResult?> Authorize(string runId, LedgerStore ledger, HttpContext http, CancellationToken cancellationToken)
    {
        var run = await ledger.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"Run '{runId}' does not exist.");
        }

        return Caller.From(http.User).MayActFor(run.AgentId)
            ? null
            : Problems.Forbidden($"This key may not record runs of agent '{run.AgentId}'.");
    }
}
