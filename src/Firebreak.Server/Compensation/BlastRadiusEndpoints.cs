using System.Text;
using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Serialization;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Compensation;

internal static class BlastRadiusEndpoints
{
    public static IEndpointRouteBuilder MapBlastRadiusEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/blast-radius").WithTags("Blast radius").RequireAuthorization(Policies.Read);
        group.MapGet("/", Query)
            .WithName("BlastRadius")
            .WithSummary("What a selection of actions touched: runs, actions, distinct entities per type, money per currency, first and last time, and a page of the actions.");
        group.MapGet("/export", Export)
            .WithName("ExportBlastRadius")
            .WithSummary("Every selected action in ledger order, as CSV (format=csv) or a JSON array (format=json).");
        return app;
    }

    private static async Task<Results<Ok<BlastRadiusReport>, ValidationProblem, ProblemHttpResult>> Query(
        [AsParameters] BlastRadiusQuery query,
        long? after,
        int? limit,
        SelectionResolver resolver,
        BlastRadiusStore store,
        CancellationToken cancellationToken)
    {
        var requested = query.ToSelection(out var errors);
        if (requested is null)
        {
            return Problems.Invalid(errors);
        }

        errors = BlastRadiusValidator.Validate(new BlastRadiusRequest(requested, after, limit));
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (selection, error) = await resolver.ResolveAsync(requested, cancellationToken);
        if (selection is null)
        {
            return Problems.NotFound(error!);
        }

        var pageSize = limit ?? BlastRadiusRequest.DefaultLimit;
        var summary = await store.SummarizeAsync(selection, cancellationToken);
        var actions = await store.ListAsync(selection, after, pageSize, cancellationToken);
        long? next = actions.Count == pageSize ? actions[^1].Seq : null;
        return TypedResults.Ok(new BlastRadiusReport(summary, actions, next));
    }

    private static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Export(
        [AsParameters] BlastRadiusQuery query,
        string? format,
        SelectionResolver resolver,
        BlastRadiusStore store,
        CancellationToken cancellationToken)
    {
        var selection = query.ToSelection(out var errors);
        if (format is not (null or "csv" or "json"))
        {
            errors.Add("format", "must be csv or json");
        }

        if (selection is null || !errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var (resolved, error) = await resolver.ResolveAsync(selection, cancellationToken);
        if (resolved is null)
        {
            return Problems.NotFound(error!);
        }

        return format == "json"
            ? TypedResults.Stream(body => WriteJsonAsync(body, store, resolved, cancellationToken), "application/json", "blast-radius.json")
            : TypedResults.Stream(body => WriteCsvAsync(body, store, resolved, cancellationToken), "text/csv", "blast-radius.csv");
    }

    private static async Task WriteCsvAsync(Stream body, BlastRadiusStore store, BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(BlastRadiusCsv.Header.AsMemory(), cancellationToken);
        await foreach (var action in store.StreamAsync(selection, after: null, limit: null, cancellationToken))
        {
            await writer.WriteLineAsync(BlastRadiusCsv.Row(action).AsMemory(), cancellationToken);
        }
    }

    // Serializing the async stream writes the array as rows arrive, flushing asynchronously, so memory stays flat.
    private static Task WriteJsonAsync(Stream body, BlastRadiusStore store, BlastRadiusSelection selection, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(body, store.StreamAsync(selection, after: null, limit: null, cancellationToken), FirebreakJson.Options, cancellationToken);
}
