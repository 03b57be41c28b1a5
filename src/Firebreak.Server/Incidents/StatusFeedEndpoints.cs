using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Incidents;

internal static class StatusFeedEndpoints
{
    public static IEndpointRouteBuilder MapStatusFeedEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status/v1/{agent}", GetStatus)
            .WithTags("Status")
            .WithName("AgentStatus")
            .WithSummary("Banner state of an agent: degraded while an open incident involves it, with the latest customer notice. Anonymous only for agents configured under Firebreak:Incidents:PublicStatus.")
            .RequireAuthorization(Policies.Status);
        return app;
    }

    private static async Task<Ok<AgentStatus>> GetStatus(string agent, IncidentStore store, CancellationToken cancellationToken)
    {
        var open = await store.ListOpenForAgentAsync(agent, cancellationToken);
        if (open.Count == 0)
        {
            return TypedResults.Ok(new AgentStatus(agent, "normal", null, null, null));
        }

        foreach (var incident in open)
        {
            var notice = (await store.GetCommunicationsAsync(incident.Id, cancellationToken)).LastOrDefault(c => c.Channel == CommunicationChannel.Customer);
            if (notice is not null)
            {
                return TypedResults.Ok(new AgentStatus(agent, "degraded", notice.Body, notice.EstimatedResolution, notice.At));
            }
        }

        return TypedResults.Ok(new AgentStatus(agent, "degraded", null, null, open[0].Milestones.Detected));
    }
}
