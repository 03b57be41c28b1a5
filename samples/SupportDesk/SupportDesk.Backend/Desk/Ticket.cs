namespace SupportDesk.Backend.Desk;

public sealed record Ticket(
    string Id,
    string CustomerId,
    string? OrderId,
    string Subject,
    string Body,
    DateTimeOffset CreatedAt,
    TicketStatus Status = TicketStatus.Open,
    string? Resolution = null,
    DateTimeOffset? ClosedAt = null);
