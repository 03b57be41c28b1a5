namespace SupportDesk.Agent.Model;

public sealed record RefundPlan(decimal Amount, string Currency, string Reason);
