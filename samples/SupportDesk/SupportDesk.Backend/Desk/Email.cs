namespace SupportDesk.Backend.Desk;

public sealed record Email(string Id, string CustomerId, string Subject, string Body, string? CorrelationId, DateTimeOffset SentAt);
