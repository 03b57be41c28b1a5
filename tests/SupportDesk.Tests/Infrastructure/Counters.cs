namespace SupportDesk.Tests.Infrastructure;

/// <summary>GET /counters, as a record so one assertion compares them all.</summary>
internal sealed record Counters(int Refunds, decimal RefundedAmount, int Reversals, int EmailsSent, int TicketsClosed, int TicketsReopened);
