namespace SupportDesk.Backend.Desk;

public sealed record Reversal(string Id, string RefundId, decimal Amount, string Currency, string? CorrelationId, DateTimeOffset CreatedAt);
