using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Desk;
using SupportDesk.Backend.Memory;

namespace SupportDesk.Backend.Drills;

/// <summary>
/// The drill target contract of docs/gamedays.md, which <c>firebreak gameday</c> drives: queue work, plant a document
/// where the agent retrieves from, quarantine a source. Planting and quarantining are the knowledge base's own.
/// </summary>
public static class DrillEndpoints
{
    /// <summary>The most work items one call queues, so a typo cannot flood the desk.</summary>
    public const int MaxCount = 10_000;

    public static IEndpointRouteBuilder MapDrillEndpoints(this IEndpointRouteBuilder app)
    {
        var drill = app.MapGroup("/drill").WithTags("Drills");
        drill.MapPost("/work", QueueWork).WithName("QueueDrillWork")
            .WithSummary("Queues count tickets, each about its own order <prefix>-<i>, in the demo data's mix of damaged-item refunds, delivery questions and change-of-mind refunds.");
        drill.MapPost("/documents", KnowledgeEndpoints.Add).WithName("PlantDrillDocument")
            .WithSummary("Plants a document in the knowledge base, retrieved for tickets whose text contains one of its topics.");
        drill.MapPost("/sources/{source}/quarantine", MemoryEndpoints.Quarantine).WithName("QuarantineDrillSource")
            .WithSummary("Stops the agent retrieving from a knowledge source; quarantining twice changes nothing.");
        return app;
    }

    public static Results<Ok<DrillWork>, ValidationProblem, ProblemHttpResult> QueueWork(QueueDrillWorkRequest request, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing(("prefix", request.Prefix)) is { } missing)
        {
            return missing;
        }

        if (request.Count is < 0 or > MaxCount)
        {
            return DeskResults.Invalid("count", $"count must be between 0 and {MaxCount}.");
        }

        var outcome = store.QueueDrillWork(request.Prefix!, request.Count);
        return outcome.Error is { } error ? DeskResults.Problem(error) : TypedResults.Ok(outcome.Value!);
    }
}
