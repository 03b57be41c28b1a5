namespace SupportDesk.Agent.Desk;

public sealed record DeskTicket(string Id, string CustomerId, string? OrderId, string Subject, string Body, string Status);
