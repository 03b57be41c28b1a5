namespace SupportDesk.Backend.Desk;

public enum SeedTicketKind
{
    DamagedRefund = 0,
    WhereIsMyOrder = 1,
    ChangeOfMindRefund = 2,
}
