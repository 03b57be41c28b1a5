using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Compensation;

internal static class CompensationsEndpoints
{
    public static IEndpointRouteBuilder MapCompensationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/compensations").WithTags("Compensation");
        var read = group.Requiring(Policies.Read);
        var operate = group.Requiring(Policies.Operate);
        var record = group.Requiring(Policies.Record);
        operate.MapPost("/", Plan)
            .WithName("PlanCompensation")
            .WithSummary("Plans a compensation run over a blast-radius selection: a dry run listing each action, its compensator or mitigation, and the actions other runs already hold.");
        read.MapGet("/", List)
            .WithName("ListCompensations").WithSummary("Lists compensation runs with their progress, newest first.");
        read.MapGet("/{id}", Get)
            .WithName("GetCompensation").WithSummary("A run with every item, its progress, the failed list with errors and the integrity report.");
        operate.MapPost("/{id}/approve", Approve)
            .WithName("ApproveCompensation").WithSummary("Approves a planned run; operators only.");
        operate.MapPost("/{id}/cancel", Cancel)
            .WithName("CancelCompensation").WithSummary("Cancels a planned run before approval, releasing the actions it held for another run; refused once approved.");
        record.MapGet("/dispatched", Dispatched)
            .WithName("ListDispatchedCompensations")
            .WithSummary("In-process compensations waiting for a process of the agent, with the original action and the idempotency key to honour; an agent key sees its own agent's.");
        record.MapPost("/items/{actionSeq}/report", ReportItem)
            .WithName("ReportCompensation").WithSummary("An agent's process reports a dispatched in-process compensation done or failed; a report on an item that already ended changes nothing.");
        operate.MapPost("/{id}/execute", Execute)
            .WithName("ExecuteCompensation").WithSummary("Starts an approved run; each planned compensation takes effect once, across crashes and retries.");
        return app;
    }

    private static async Task<Results<Created<CompensationRunDetail>, ValidationProblem, ProblemHttpResult>> Plan(
        CompensationPlanRequest request,
        SelectionResolver resolver,
        BlastRadiusStore blastRadius,
        RegistryStore registry,
        CompensationStore store,
        IOptions<CompensationOptions> options,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = BlastRadiusValidator.Validate(request.Selection, "selection.");
        if (request.MaxConcurrency is < 1 or > CompensationPlanRequest.MaxConcurrencyLimit)
        {
            errors.Add("maxConcurrency", $"must be between 1 and {CompensationPlanRequest.MaxConcurrencyLimit}");
        }

        if (request.RatePerSecond is < 1 or > CompensationPlanRequest.MaxRatePerSecond)
        {
            errors.Add("ratePerSecond", $"must be between 1 and {CompensationPlanRequest.MaxRatePerSecond}");
        }

        if (request.Quarantine is { } sources)
        {
            if (sources.Count > CompensationPlanRequest.MaxSources)
            {
                errors.Add("quarantine", $"must name at most {CompensationPlanRequest.MaxSources} knowledge sources");
            }

            if (sources.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > CompensationPlanRequest.MaxSourceLength))
            {
                errors.Add("quarantine", $"sources must be non-empty and at most {CompensationPlanRequest.MaxSourceLength} characters");
            }

            if (sources.Distinct(StringComparer.Ordinal).Count() != sources.Count)
            {
                errors.Add("quarantine", "must not name a source twice");
            }
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (selection, error) = await resolver.ResolveAsync(request.Selection, cancellationToken);
        if (selection is null)
        {
            return Problems.NotFound(error!);
        }

        var now = time.GetUtcNow();
        var agents = new Dictionary<string, AgentDefinition?>(StringComparer.Ordinal);
        var items = new List<CompensationItem>();
        await foreach (var action in blastRadius.StreamAsync(selection, after: null, CompensationPlanRequest.MaxItems + 1, cancellationToken))
        {
            if (!agents.TryGetValue(action.AgentId, out var agent))
            {
                agent = agents[action.AgentId] = await registry.GetAsync(action.AgentId, cancellationToken);
            }

            items.Add(CompensationPlanner.Plan(action, agent?.Tools.FirstOrDefault(t => t.Name == action.Tool), options.Value.Endpoints, now));
        }

        if (items.Count > CompensationPlanRequest.MaxItems)
        {
            var tooMany = new ValidationErrors();
            tooMany.Add("selection", $"selects more than {CompensationPlanRequest.MaxItems} actions; split it by window");
            return Problems.Invalid(tooMany);
        }

        var id = $"cmp_{Guid.CreateVersion7():N}";
        var hookAgents = new List<AgentDefinition>();
        foreach (var agentId in selection.Agents ?? [])
        {
            if (!agents.TryGetValue(agentId, out var agent))
            {
                agent = agents[agentId] = await registry.GetAsync(agentId, cancellationToken);
            }

            hookAgents.Add(agent ?? new AgentDefinition(agentId, string.Empty, null, []));
        }

        var (hooks, hookErrors) = CompensationHookPlanner.Plan(
            id, hookAgents, request.PurgeMemory ?? false, request.Quarantine ?? [], selection.Since, selection.Until ?? now, options.Value.Endpoints, now);
        if (!hookErrors.IsValid)
        {
            return Problems.Invalid(hookErrors);
        }

        var actor = Caller.From(http.User).Actor;
        await store.PlanAsync(
            id,
            selection,
            request.MaxConcurrency ?? CompensationPlanRequest.DefaultConcurrency,
            request.RatePerSecond ?? CompensationPlanRequest.DefaultRatePerSecond,
            items,
            hooks,
            actor,
            held => selection.IncidentId is { } incident
                ? new TimelineAct(
                    incident,
                    TimelineKind.Compensation,
                    actor,
                    $"Compensation run {id} planned over {items.Count} actions: {held.Count(i => i.Kind == CompensationKind.Http)} compensations, {held.Count(i => i.Kind == CompensationKind.Mitigation)} mitigations, {items.Count - held.Count} already held by other runs{HookSummary(hooks)}.",
                    new { runId = id, selection, progress = CompensationProgress.Of(held.Select(i => i.State)) })
                : null,
            cancellationToken);
        return TypedResults.Created($"/api/v1/compensations/{id}", (await store.GetDetailAsync(id, cancellationToken))!);
    }

    private static async Task<Results<Ok<IReadOnlyList<DispatchedCompensation>>, ValidationProblem, ProblemHttpResult>> Dispatched(
        string? agent, int? limit, CompensationStore store, LedgerStore ledger, HttpContext http, CancellationToken cancellationToken)
    {
        if (!AgentValidator.IsSlug(agent))
        {
            var errors = new ValidationErrors();
            errors.Add("agent", "is required: an agent id (slug)");
            return Problems.Invalid(errors);
        }

        if (Releases.ReleasesEndpoints.Forbid(http, agent!) is { } forbidden)
        {
            return forbidden;
        }

        var dispatched = new List<DispatchedCompensation>();
        foreach (var (seq, runId, key, compensationKey, attempts) in await store.ListDispatchedAsync(agent!, Paging.Clamp(limit), cancellationToken))
        {
            if (await ledger.GetActionAsync(agent!, key, cancellationToken) is { } action)
            {
                dispatched.Add(new DispatchedCompensation(seq, runId, compensationKey, attempts, action));
            }
        }

        return TypedResults.Ok<IReadOnlyList<DispatchedCompensation>>(dispatched);
    }

    private static async Task<Results<Ok<CompensationItemState>, ValidationProblem, ProblemHttpResult>> ReportItem(
        long actionSeq, string? agent, CompensationReport report, CompensationStore store, IOptions<CompensationOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(agent))
        {
            errors.Add("agent", "is required: an agent id (slug)");
        }

        errors.MaxLength("error", report.Error, CompensationReport.MaxErrorLength);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (Releases.ReleasesEndpoints.Forbid(http, agent!) is { } forbidden)
        {
            return forbidden;
        }

        var result = await store.ReportAsync(actionSeq, agent!, report, options.Value.MaxAttempts, cancellationToken);
        return result.Status is WriteStatus.Created or WriteStatus.Existing ? TypedResults.Ok(result.Value) : Problems.Refused(result);
    }

    private static string HookSummary(IReadOnlyList<CompensationHook> hooks) => hooks.Count == 0
        ? string.Empty
        : "; then " + string.Join(", ", hooks.Select(h => h.Kind == CompensationHookKind.MemoryPurge
            ? $"purge {h.AgentId}'s memory written in [{h.Since:O}, {h.Until:O}) via {h.Target}"
            : $"quarantine {h.AgentId}'s knowledge source {h.Source} via {h.Target}"));

    private static async Task<Results<Ok<CompensationRun>, ProblemHttpResult>> Cancel(
        string id, CompensationStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var actor = Caller.From(http.User).Actor;
        var result = await store.CancelAsync(
            id,
            actor,
            Entry(await store.GetAsync(id, cancellationToken), actor, $"Compensation run {id} cancelled before approval; the actions it held are free for another run."),
            cancellationToken);
        return result.Status is WriteStatus.Created or WriteStatus.Existing
            ? TypedResults.Ok((await store.GetAsync(id, cancellationToken))!)
            : Problems.Refused(result);
    }

    private static async Task<Ok<IReadOnlyList<CompensationRun>>> List(CompensationStore store, int? limit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(Paging.Clamp(limit), cancellationToken));

    private static async Task<Results<Ok<CompensationRunDetail>, ProblemHttpResult>> Get(string id, CompensationStore store, CancellationToken cancellationToken) =>
        await store.GetDetailAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.NotFound($"Compensation run '{id}' does not exist.");

    private static async Task<Results<Ok<CompensationRun>, ProblemHttpResult>> Approve(
        string id, CompensationStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var actor = Caller.From(http.User).Actor;
        var planned = await store.GetAsync(id, cancellationToken);
        var result = await store.ApproveAsync(
            id,
            actor,
            Entry(planned, actor, $"Compensation run {id} approved ({planned?.Progress.Planned} compensations to run)."),
            cancellationToken);
        return result.Status is WriteStatus.Created or WriteStatus.Existing
            ? TypedResults.Ok((await store.GetAsync(id, cancellationToken))!)
            : Problems.Refused(result);
    }

    private static async Task<Results<Ok<CompensationRun>, ProblemHttpResult>> Execute(
        string id, CompensationStore store, CompensationRunner runner, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await store.StartAsync(
            id, Entry(await store.GetAsync(id, cancellationToken), Caller.From(http.User).Actor, $"Compensation run {id} started."), cancellationToken);
        if (result.Status is not (WriteStatus.Created or WriteStatus.Existing))
        {
            return Problems.Refused(result);
        }

        runner.Enqueue(id);
        return TypedResults.Ok((await store.GetAsync(id, cancellationToken))!);
    }

    /// <summary>The timeline entry of a move of <paramref name="run"/>, read before the move: a run keeps the incident it was planned under.</summary>
    private static TimelineAct? Entry(CompensationRun? run, string actor, string text) =>
        run?.IncidentId is { } incident ? new TimelineAct(incident, TimelineKind.Compensation, actor, text, new { runId = run.Id }) : null;
}
