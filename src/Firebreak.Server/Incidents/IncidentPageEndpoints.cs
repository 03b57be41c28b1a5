using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Incidents;

/// <summary>An incident's page: how far its escalation got, and acknowledging it.</summary>
internal static class IncidentPageEndpoints
{
    public static RouteGroupBuilder MapIncidentPageEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/{id}/page", Get)
            .WithName("GetIncidentPage").WithSummary("The incident's page: level, steps sent, next due time, who acknowledged it.")
            .RequireAuthorization(Policies.Read);
        group.MapPost("/{id}/page/ack", Acknowledge)
            .WithName("AcknowledgeIncidentPage")
            .WithSummary("Acknowledges the incident's page: its repeats and escalations stop, and everyone it reached hears so. 409 when it was already acknowledged or ended.")
            .RequireAuthorization(Policies.Operate);
        return group;
    }

    private static async Task<Results<Ok<IncidentPage>, ProblemHttpResult>> Get(string id, IncidentPages pages, CancellationToken cancellationToken) =>
        await pages.GetAsync(id, cancellationToken) is { } page
            ? TypedResults.Ok(page)
            : Problems.NotFound($"Incident '{id}' has no page.");

    private static async Task<Results<Ok<IncidentPage>, ProblemHttpResult>> Acknowledge(
        string id, IncidentEscalation escalation, HttpContext http, CancellationToken cancellationToken)
    {
        var result = await escalation.AcknowledgeAsync(id, Caller.From(http.User).Actor, cancellationToken);
        return result.Status == WriteStatus.Created ? TypedResults.Ok(result.Value!) : Problems.Refused(result);
    }
}
