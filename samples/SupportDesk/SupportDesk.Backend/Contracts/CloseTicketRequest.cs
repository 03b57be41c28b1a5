namespace SupportDesk.Backend.Contracts;

public sealed record CloseTicketRequest(string? Resolution);
