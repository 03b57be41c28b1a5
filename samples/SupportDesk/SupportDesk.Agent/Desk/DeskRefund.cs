namespace SupportDesk.Agent.Desk;

public sealed record DeskRefund(string Id, string OrderId, string CustomerId, decimal Amount, string Currency, string? Reason, string? CorrelationId, string? ReversalId);
