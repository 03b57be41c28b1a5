namespace SupportDesk.Agent.Desk;

public sealed record DeskEmail(string Id, string CustomerId, string Subject, string Body, string? CorrelationId);
