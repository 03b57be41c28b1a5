namespace SupportDesk.Agent.Desk;

public sealed record DeskOrderDetails(DeskOrder Order, IReadOnlyList<DeskRefund> Refunds);
