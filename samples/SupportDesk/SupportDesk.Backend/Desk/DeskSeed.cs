using System.Globalization;

namespace SupportDesk.Backend.Desk;

/// <summary>
/// The deterministic demo data: ticket <c>i</c> is about its own order of <c>50 + (i mod 5) * 10</c> USD, for customer
/// <c>c-((i - 1) mod K + 1)</c>, and by <c>i mod 3</c> is a damaged-item refund request (0), a delivery question (1) or a
/// change-of-mind refund request that the refund policy does not cover (2).
/// </summary>
public static class DeskSeed
{
    public static IEnumerable<SeedTicket> Create(int tickets, int customers)
    {
        for (var i = 1; i <= tickets; i++)
        {
            var customer = string.Create(CultureInfo.InvariantCulture, $"c-{((i - 1) % customers) + 1}");
            var kind = (SeedTicketKind)(i % 3);
            yield return new SeedTicket(customer, 50m + (i % 5 * 10m), "USD", kind);
        }
    }
}
