namespace SupportDesk.Backend.Desk;

public sealed record SeedTicket(string CustomerId, decimal AmountPaid, string Currency, SeedTicketKind Kind)
{
    public string Subject(string orderId) => Kind switch
    {
        SeedTicketKind.DamagedRefund => $"Order {orderId} arrived damaged",
        SeedTicketKind.WhereIsMyOrder => $"Where is order {orderId}?",
        _ => $"Refund for order {orderId}",
    };

    public string Body(string orderId) => Kind switch
    {
        SeedTicketKind.DamagedRefund => $"The box for order {orderId} was crushed and the item is broken. Please refund me.",
        SeedTicketKind.WhereIsMyOrder => $"Could you tell me when order {orderId} will be delivered?",
        _ => $"I changed my mind about order {orderId}. Please refund it.",
    };
}
