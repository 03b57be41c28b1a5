using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Contracts;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Orders;

public static class OrdersEndpoints
{
    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders").WithTags("Orders");
        group.MapPost("/", Create).WithName("CreateOrder").WithSummary("Creates an order (demo data).");
        group.MapGet("/{id}", Get).WithName("GetOrder").WithSummary("Reads an order and its refunds.");
        return app;
    }

    public static Results<Created<Order>, ValidationProblem, ProblemHttpResult> Create(CreateOrderRequest request, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing(("customerId", request.CustomerId), ("currency", request.Currency)) is { } missing)
        {
            return missing;
        }

        if (request.AmountPaid <= 0)
        {
            return DeskResults.Invalid("amountPaid", "amountPaid must be positive.");
        }

        var outcome = store.CreateOrder(request);
        return outcome.Error is { } error
            ? DeskResults.Problem(error)
            : TypedResults.Created($"/orders/{outcome.Value!.Id}", outcome.Value);
    }

    public static Results<Ok<OrderDetails>, ProblemHttpResult> Get(string id, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetOrder(id) is { } details ? TypedResults.Ok(details) : DeskResults.Problem(DeskError.NotFound("Order", id));
    }
}
