using Firebreak.Held;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Incidents;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Held;

internal static class HeldEndpoints
{
    public static IEndpointRouteBuilder MapHeldEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/held").WithTags("Held");
        var record = group.Requiring(Policies.Record);
        var operate = group.Requiring(Policies.Operate);
        record.MapPost("/", Hold)
            .WithName("HoldRun").WithSummary("Holds the input of a run that was not started because its agent is paused.");
        group.Requiring(Policies.Read).MapGet("/", ListHeld)
            .WithName("ListHeld").WithSummary("Lists held run inputs, newest first.");
        operate.MapPost("/{id}/release", Release)
            .WithName("ReleaseHeld").WithSummary("Releases a held input: it is redelivered on its agent's control streams.");
        operate.MapPost("/{id}/discard", Discard)
            .WithName("DiscardHeld").WithSummary("Discards a held input.");
        record.MapPost("/{id}/delivered", Delivered)
            .WithName("DeliveredHeld").WithSummary("Claims a released input for processing; the first claim wins, later ones get 409.");
        return app;
    }

    private static async Task<Results<Created<HeldItem>, ValidationProblem, ProblemHttpResult>> Hold(
        HeldItemRequest request,
        HeldStore held,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (!AgentValidator.IsSlug(request.AgentId))
        {
            errors.Add("agentId", "must be an agent id (slug)");
        }

        errors.Required("reason", request.Reason, ControlChangeValidator.MaxReasonLength);
        if (request.CorrelationId is not null)
        {
            errors.Required("correlationId", request.CorrelationId, LedgerValidator.MaxIdLength);
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not hold runs of agent '{request.AgentId}'.");
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        var item = await held.HoldAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/held/{item.Id}", item);
    }

    private static async Task<Results<Ok<IReadOnlyList<HeldItem>>, ValidationProblem>> ListHeld(
        HeldStore held,
        string? status,
        string? agent,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        if (!QueryEnum.TryParse<HeldItemStatus>("status", status, out var parsed, out var invalid))
        {
            return Problems.Invalid(invalid);
        }

        return TypedResults.Ok(await held.ListAsync(parsed, agent, size, cancellationToken));
    }

    private static async Task<Results<Ok<HeldItem>, ValidationProblem, ProblemHttpResult>> Release(
        string id, OperatorDecision decision, HeldStore held, ControlBroadcaster broadcaster, Database database, IncidentTimeline timeline, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await DecideAsync(id, release: true, decision, held, timeline, http, cancellationToken);

        // Where nodes share the database, the release notification reaches every node's listener, this one's too.
        if (result.Result is Ok<HeldItem> released && database.NotifyHeldReleasedSql is null)
        {
            broadcaster.Redeliver(released.Value!);
        }

        return result;
    }

    private static Task<Results<Ok<HeldItem>, ValidationProblem, ProblemHttpResult>> Discard(
        string id, OperatorDecision decision, HeldStore held, IncidentTimeline timeline, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, release: false, decision, held, timeline, http, cancellationToken);

    private static async Task<Results<Ok<HeldItem>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string id, bool release, OperatorDecision decision, HeldStore held, IncidentTimeline timeline, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = decision.Validate();
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await timeline.RefuseUnknownAsync(decision.IncidentId, cancellationToken) is { } unknownIncident)
        {
            return Problems.NotFound(unknownIncident);
        }

        var actor = Caller.From(http.User).Actor;
        var result = await held.DecideAsync(
            id,
            release,
            actor,
            decision,
            item => decision.Entry(TimelineKind.Held, actor, $"{(release ? "released" : "discarded")} held input {item.Id} of agent {item.AgentId}", item),
            cancellationToken);
        return result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
    }

    private static async Task<Results<Ok<HeldItem>, ValidationProblem, ProblemHttpResult>> Delivered(
        string id, HeldDeliveryRequest request, HeldStore held, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.Required("pointId", request.PointId, LedgerValidator.MaxIdLength);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }


        // An agent key learns nothing about other agents' held work, not even that it exists.
        if (await held.GetAsync(id, cancellationToken) is not { } item || !Caller.From(http.User).MayActFor(item.AgentId))
        {
            return Problems.NotFound($"Held item '{id}' does not exist.");
        }

        var result = await held.DeliveredAsync(id, request.PointId, cancellationToken);
        return result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
    }
}
