using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Detection;

internal static class AlertsEndpoints
{
    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/alerts").WithTags("Alerts");
        var read = group.Requiring(Policies.Read);
        var operate = group.Requiring(Policies.Operate);
        read.MapGet("/", List)
            .WithName("ListAlerts").WithSummary("Lists alerts raised by detectors, newest first; filters by agent, status and last seen since.");
        read.MapGet("/{id}", Get)
            .WithName("GetAlert").WithSummary("One alert with its evidence (runs and action sequence numbers).");
        operate.MapPost("/{id}/acknowledge", Acknowledge)
            .WithName("AcknowledgeAlert").WithSummary("Acknowledges an open alert; repeats keep updating it.");
        operate.MapPost("/{id}/resolve", Resolve)
            .WithName("ResolveAlert").WithSummary("Resolves an alert; the same finding raises a new alert afterwards.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<Alert>>, ValidationProblem>> List(
        AlertStore store,
        string? agent,
        string? status,
        DateTimeOffset? since,
        int? limit,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var parsedStatus = QueryEnum.Read<AlertStatus>(errors, "status", status);
        var size = Paging.Read(errors, limit);

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListAsync(new AlertQuery(agent, parsedStatus, since, size), cancellationToken));
    }

    private static async Task<Results<Ok<Alert>, ProblemHttpResult>> Get(string id, AlertStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } alert
            ? TypedResults.Ok(alert)
            : Problems.NotFound($"Alert '{id}' does not exist.");

    private static Task<Results<Ok<Alert>, ProblemHttpResult>> Acknowledge(
        string id, AlertStore store, HttpContext http, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, AlertStatus.Acknowledged, store, http, cancellationToken);

    private static Task<Results<Ok<Alert>, ProblemHttpResult>> Resolve(
        string id, AlertStore store, HttpContext http, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, AlertStatus.Resolved, store, http, cancellationToken);

    private static async Task<Results<Ok<Alert>, ProblemHttpResult>> ChangeStatusAsync(
        string id, AlertStatus status, AlertStore store, HttpContext http, CancellationToken cancellationToken)
    {
        var actor = Caller.From(http.User).Actor;
        var result = await store.ChangeStatusAsync(
            id,
            status,
            actor,
            alert => alert.IncidentId is { } incidentId
                ? new TimelineAct(incidentId, TimelineKind.Note, actor, $"Alert {alert.Id} ({alert.Detector}) {status.ToString().ToLowerInvariant()}.", new { alertId = alert.Id })
                : null,
            cancellationToken);
        return result.Status is WriteStatus.NotFound or WriteStatus.Conflict ? Problems.Refused(result) : TypedResults.Ok(result.Value!);
    }
}
