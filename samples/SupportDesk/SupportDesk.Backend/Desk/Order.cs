namespace SupportDesk.Backend.Desk;

/// <summary>An order; immutable, so the store can hand it out while it keeps changing its own copy.</summary>
public sealed record Order(string Id, string CustomerId, decimal AmountPaid, string Currency, decimal RefundedTotal)
{
    public decimal Refundable => AmountPaid - RefundedTotal;
}
