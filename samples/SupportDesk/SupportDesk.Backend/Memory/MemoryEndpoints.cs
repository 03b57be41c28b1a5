using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Memory;

public static class MemoryEndpoints
{
    public static IEndpointRouteBuilder MapMemoryEndpoints(this IEndpointRouteBuilder app)
    {
        var memory = app.MapGroup("/memory").WithTags("Memory");
        memory.MapPost("/", Write).WithName("WriteMemory").WithSummary("The agent remembers something; the correlation header names the run.");
        memory.MapGet("/", List).WithName("ListMemory").WithSummary("What the agent remembers, the purges that took effect and the quarantined knowledge sources.");
        memory.MapGet("/window", Window).WithName("MemoryWindow").WithSummary("How many entries written in [since, until) remain: a purge reads back as 0.");
        memory.MapPost("/purge", Purge).WithName("PurgeMemory").WithSummary("Purges memory written in a window, exactly once per idempotency key.");
        app.MapPost("/knowledge/{source}/quarantine", Quarantine)
            .WithTags("Memory").WithName("QuarantineKnowledge").WithSummary("Stops the agent retrieving from a knowledge source; quarantining twice changes nothing.");
        app.MapGet("/knowledge/{source}", Knowledge)
            .WithTags("Memory").WithName("KnowledgeSource").WithSummary("Whether the agent may retrieve from a knowledge source.");
        return app;
    }

    public static Results<Ok<MemoryWindow>, ValidationProblem> Window(DateTimeOffset? since, DateTimeOffset? until, AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        if (since is not { } start || until is not { } end || end <= start)
        {
            return DeskResults.Invalid("until", "since and until are required, until after since.");
        }

        var entries = memory.Written(start, end);
        return TypedResults.Ok(new MemoryWindow(start, end, entries.Count, entries));
    }

    public static Ok<KnowledgeSource> Knowledge(string source, AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return TypedResults.Ok(new KnowledgeSource(source, memory.IsQuarantined(source)));
    }

    public static Results<Created<MemoryEntry>, ValidationProblem> Write(WriteMemoryRequest request, HttpRequest http, AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(memory);
        if (DeskResults.Missing(("text", request.Text)) is { } missing)
        {
            return missing;
        }

        var entry = memory.Write(request.Text!, http.Headers[DeskHeaders.CorrelationId].FirstOrDefault());
        return TypedResults.Created($"/memory/{entry.Id}", entry);
    }

    public static Ok<MemorySnapshot> List(AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return TypedResults.Ok(memory.Snapshot());
    }

    public static Results<Created<MemoryPurge>, Ok<MemoryPurge>, ValidationProblem> Purge(PurgeMemoryRequest request, HttpRequest http, AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(memory);
        var key = http.Headers[DeskHeaders.IdempotencyKey].FirstOrDefault();
        if (DeskResults.Missing((DeskHeaders.IdempotencyKey, key)) is { } missing)
        {
            return missing;
        }

        if (request.Since is not { } since || request.Until is not { } until || until <= since)
        {
            return DeskResults.Invalid("until", "since and until are required, until after since.");
        }

        var (purge, created) = memory.Purge(key!, since, until);
        return created ? TypedResults.Created($"/memory/purges/{Uri.EscapeDataString(key!)}", purge) : TypedResults.Ok(purge);
    }

    public static Ok<MemorySnapshot> Quarantine(string source, AgentMemory memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        memory.Quarantine(source);
        return TypedResults.Ok(memory.Snapshot());
    }
}
