namespace SupportDesk.Backend.Desk;

/// <summary>One count per kind of side effect, so a test or a game day can see exactly what an agent did.</summary>
public sealed class DeskCounters
{
    public int Refunds { get; set; }

    public decimal RefundedAmount { get; set; }

    public int Reversals { get; set; }

    public int EmailsSent { get; set; }

    public int TicketsClosed { get; set; }

    public int TicketsReopened { get; set; }

    public DeskCounters Copy() => (DeskCounters)MemberwiseClone();
}
