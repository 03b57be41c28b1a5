namespace SupportDesk.Backend.Contracts;

public sealed record CreateTicketRequest(string? CustomerId, string? OrderId, string? Subject, string? Body);
