using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Compensation;

/// <summary>What the backend holds for the seeded tickets: each order's refunded total and each ticket's status.</summary>
internal sealed record DeskState(IReadOnlyDictionary<string, decimal> RefundedTotals, IReadOnlyDictionary<string, string> TicketStatuses)
{
    public static async Task<DeskState> ReadAsync(HttpClient backend, int tickets, CancellationToken cancellationToken)
    {
        var refunded = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var statuses = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i <= tickets; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var order = await backend.GetFromJsonAsync<JsonElement>(new Uri($"/orders/o-{n}", UriKind.Relative), DeskHttp.Json, cancellationToken);
            refunded[$"o-{n}"] = order.GetProperty("order").GetProperty("refundedTotal").GetDecimal();
            var ticket = await backend.GetFromJsonAsync<JsonElement>(new Uri($"/tickets/t-{n}", UriKind.Relative), DeskHttp.Json, cancellationToken);
            statuses[$"t-{n}"] = ticket.GetProperty("status").GetString()!;
        }

        return new DeskState(refunded, statuses);
    }
}
