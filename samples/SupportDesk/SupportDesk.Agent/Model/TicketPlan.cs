namespace SupportDesk.Agent.Model;

/// <summary>What the script will do with one ticket once it has read the order.</summary>
public sealed record TicketPlan(RefundPlan? Refund, string Subject, string Body, string Resolution);
