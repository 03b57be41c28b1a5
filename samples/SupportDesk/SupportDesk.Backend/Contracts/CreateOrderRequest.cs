namespace SupportDesk.Backend.Contracts;

public sealed record CreateOrderRequest(string? Id, string? CustomerId, decimal AmountPaid, string? Currency);
