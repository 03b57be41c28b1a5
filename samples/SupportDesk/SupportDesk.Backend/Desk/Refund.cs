namespace SupportDesk.Backend.Desk;

public sealed record Refund(
    string Id,
    string OrderId,
    string CustomerId,
    decimal Amount,
    string Currency,
    string? Reason,
    string? CorrelationId,
    DateTimeOffset CreatedAt,
    string? ReversalId = null);
