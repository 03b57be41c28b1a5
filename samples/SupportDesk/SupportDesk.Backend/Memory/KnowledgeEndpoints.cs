using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Memory;

/// <summary>The knowledge base: what the agent retrieves for a ticket, and a way to add a document (a drill plants a poisoned one).</summary>
public static class KnowledgeEndpoints
{
    public static IEndpointRouteBuilder MapKnowledgeEndpoints(this IEndpointRouteBuilder app)
    {
        var knowledge = app.MapGroup("/knowledge").WithTags("Memory");
        knowledge.MapGet("/", Search).WithName("SearchKnowledge").WithSummary("The documents relevant to a ticket's text (q), without quarantined sources.");
        knowledge.MapPost("/", Add).WithName("AddKnowledge").WithSummary("Adds a document to the knowledge base, or replaces the one with the same source.");
        return app;
    }

    public static Ok<IReadOnlyList<KnowledgeDocument>> Search(string? q, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        return TypedResults.Ok(knowledge.Search(q ?? string.Empty));
    }

    public static Results<Created<KnowledgeDocument>, ValidationProblem> Add(AddKnowledgeRequest request, KnowledgeBase knowledge)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(knowledge);
        if (DeskResults.Missing(("source", request.Source), ("text", request.Text)) is { } missing)
        {
            return missing;
        }

        if (request.Topics is not { Count: > 0 } topics || topics.Any(string.IsNullOrWhiteSpace))
        {
            return DeskResults.Invalid("topics", "at least one topic is required, none empty.");
        }

        var document = knowledge.Add(request.Source!, request.Title ?? request.Source!, request.Text!, topics);
        return TypedResults.Created($"/knowledge/{Uri.EscapeDataString(document.Source)}", document);
    }
}
