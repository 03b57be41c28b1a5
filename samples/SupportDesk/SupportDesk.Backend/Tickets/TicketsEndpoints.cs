using Microsoft.AspNetCore.Http.HttpResults;
using SupportDesk.Backend.Contracts;
using SupportDesk.Backend.Desk;

namespace SupportDesk.Backend.Tickets;

public static class TicketsEndpoints
{
    public static IEndpointRouteBuilder MapTicketsEndpoints(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("/tickets").WithTags("Tickets");
        tickets.MapPost("/", Create).WithName("CreateTicket").WithSummary("Creates an open ticket at the back of the queue.");
        tickets.MapGet("/{id}", Get).WithName("GetTicket").WithSummary("Reads a ticket.");
        tickets.MapPost("/{id}/close", Close).WithName("CloseTicket").WithSummary("Closes a ticket with a resolution; closing a closed ticket changes nothing.");
        tickets.MapPost("/{id}/reopen", Reopen).WithName("ReopenTicket").WithSummary("Reopens a closed ticket, the compensation of close_ticket.");
        app.MapGet("/queue/next", Next).WithTags("Tickets").WithName("NextTicket").WithSummary("Hands out the oldest queued ticket; 204 when the queue is empty.");
        return app;
    }

    public static Results<Created<Ticket>, ValidationProblem> Create(CreateTicketRequest request, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(store);
        if (DeskResults.Missing(("customerId", request.CustomerId), ("subject", request.Subject), ("body", request.Body)) is { } missing)
        {
            return missing;
        }

        var ticket = store.CreateTicket(request);
        return TypedResults.Created($"/tickets/{ticket.Id}", ticket);
    }

    public static Results<Ok<Ticket>, ProblemHttpResult> Get(string id, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.GetTicket(id) is { } ticket ? TypedResults.Ok(ticket) : DeskResults.Problem(DeskError.NotFound("Ticket", id));
    }

    public static Results<Ok<Ticket>, ProblemHttpResult> Close(string id, CloseTicketRequest? request, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ToResult(store.CloseTicket(id, request?.Resolution));
    }

    public static Results<Ok<Ticket>, ProblemHttpResult> Reopen(string id, DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ToResult(store.ReopenTicket(id));
    }

    public static Results<Ok<Ticket>, NoContent> Next(DeskStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Dequeue() is { } ticket ? TypedResults.Ok(ticket) : TypedResults.NoContent();
    }

    private static Results<Ok<Ticket>, ProblemHttpResult> ToResult(DeskOutcome<Ticket> outcome) =>
        outcome.Error is { } error ? DeskResults.Problem(error) : TypedResults.Ok(outcome.Value!);
}
