namespace SupportDesk.Agent.Desk;

/// <summary>What <c>lookup_order</c> tells the model about an order.</summary>
public sealed record DeskOrder(string Id, string CustomerId, decimal AmountPaid, string Currency, decimal RefundedTotal, decimal Refundable);
