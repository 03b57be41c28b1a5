using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SupportDesk.Backend.Contracts;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Refunds;

/// <summary>Refunds and their reversals; both require an idempotency key, as a payment provider does.</summary>
public static class RefundsEndpoints
{
    public static IEndpointRouteBuilder MapRefundsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/refunds").WithTags("Refunds");
        group.MapPost("/", Issue).WithName("IssueRefund")
            .WithSummary("Refunds part or all of an order: 201 the first time, 200 with the original refund when the same key and body come again, 409 for the same key with another body.");
        group.MapGet("/{id}", Get).WithName("GetRefund").WithSummary("Reads a refund.");
        group.MapPost("/{id}/reverse", Reverse).WithName("ReverseRefund")
            .WithSummary("Reverses a refund, the compensation of issue_refund: at most once per refund.");
        return app;
    }

    public static Results<Created<Refund>, Ok<Refund>, ValidationProblem, ProblemHttpResult> Issue(
        RefundRequest request,
        [FromHeader(Name = DeskHeaders.IdempotencyKey)] string? idempotencyKey,
        [FromHeader(Name = DeskHeaders.CorrelationId)] string? correlationId,
        DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing((DeskHeaders.IdempotencyKey, idempotencyKey), ("orderId", request.OrderId), ("currency", request.Currency)) is { } missing)
        {
            return missing;
        }

        if (request.Amount <= 0)
        {
            return DeskResults.Invalid("amount", "amount must be positive.");
        }

        var outcome = store.IssueRefund(request, idempotencyKey!, correlationId);
        if (outcome.Error is { } error)
        {
            return DeskResults.Problem(error);
        }

        return outcome.Replayed ? TypedResults.Ok(outcome.Value) : TypedResults.Created($"/refunds/{outcome.Value!.Id}", outcome.Value);
    }

    public static Results<Ok<Refund>, ProblemHttpResult> Get(string id, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetRefund(id) is { } refund ? TypedResults.Ok(refund) : DeskResults.Problem(DeskError.NotFound("Refund", id));
    }

    public static Results<Created<Reversal>, Ok<Reversal>, ValidationProblem, ProblemHttpResult> Reverse(
        string id,
        [FromHeader(Name = DeskHeaders.IdempotencyKey)] string? idempotencyKey,
        [FromHeader(Name = DeskHeaders.CorrelationId)] string? correlationId,
        DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing((DeskHeaders.IdempotencyKey, idempotencyKey)) is { } missing)
        {
            return missing;
        }

        var outcome = store.ReverseRefund(id, idempotencyKey!, correlationId);
        if (outcome.Error is { } error)
        {
            return DeskResults.Problem(error);
        }

        return outcome.Replayed ? TypedResults.Ok(outcome.Value) : TypedResults.Created($"/refunds/{id}", outcome.Value);
    }
}
