namespace SupportDesk.Backend.Contracts;

public sealed record EmailRequest(string? CustomerId, string? Subject, string? Body);
