namespace SupportDesk.Backend.Contracts;

public sealed record RefundRequest(string? OrderId, decimal Amount, string? Currency, string? Reason);
