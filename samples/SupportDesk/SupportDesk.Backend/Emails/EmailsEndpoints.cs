using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SupportDesk.Backend.Contracts;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Emails;

/// <summary>The outbox: a sent email cannot be unsent, so it has no compensation, only a count.</summary>
public static class EmailsEndpoints
{
    public static IEndpointRouteBuilder MapEmailsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/emails").WithTags("Emails");
        group.MapPost("/", Send).WithName("SendEmail").WithSummary("Sends an email; an optional idempotency key makes a retry send it once.");
        group.MapGet("/", List).WithName("ListEmails").WithSummary("Lists the outbox, oldest first.");
        return app;
    }

    public static Results<Created<Email>, Ok<Email>, ValidationProblem, ProblemHttpResult> Send(
        EmailRequest request,
        [FromHeader(Name = DeskHeaders.IdempotencyKey)] string? idempotencyKey,
        [FromHeader(Name = DeskHeaders.CorrelationId)] string? correlationId,
        DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing(("customerId", request.CustomerId), ("subject", request.Subject), ("body", request.Body)) is { } missing)
        {
            return missing;
        }

        var outcome = store.SendEmail(request, idempotencyKey, correlationId);
        if (outcome.Error is { } error)
        {
            return DeskResults.Problem(error);
        }

        return outcome.Replayed ? TypedResults.Ok(outcome.Value) : TypedResults.Created("/emails", outcome.Value);
    }

    public static Ok<IReadOnlyList<Email>> List(DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return TypedResults.Ok(store.Outbox());
    }
}
