namespace SupportDesk.Backend.Desk;

public sealed record OrderDetails(Order Order, IReadOnlyList<Refund> Refunds);
