using System.Globalization;
using System.Text.Json;
using Firebreak.Client;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Tools;

namespace SupportDesk.Agent.Guarding;

/// <summary>
/// What each side-effecting support tool touches, for the ledger and an incident's blast radius: entities as
/// <c>customer:c-1</c>, <c>order:o-1</c>, <c>ticket:t-1</c>, and the refunded amount.
/// </summary>
public static class SupportActionDetails
{
    /// <summary>Adds the extractors to <paramref name="details"/>.</summary>
    /// <param name="details"><see cref="AgentGuardOptions.ActionDetails"/>.</param>
    /// <param name="currentTicket">
    /// The ticket being handled: a refund's arguments name only the order, yet an incident asks which customers and
    /// tickets were affected, and the run knows both.
    /// </param>
    public static void Register(IDictionary<string, Func<JsonElement, ActionDetails>> details, Func<DeskTicket?> currentTicket)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(currentTicket);
        details[SupportToolNames.IssueRefund] = arguments =>
        {
            var ticket = currentTicket();
            var entities = new List<string>(3);
            if (ticket is not null)
            {
                entities.Add($"customer:{ticket.CustomerId}");
            }

            if (String(arguments, "orderId") is { } orderId)
            {
                entities.Add($"order:{orderId}");
            }

            if (ticket is not null)
            {
                entities.Add($"ticket:{ticket.Id}");
            }

            return new ActionDetails(entities, Decimal(arguments, "amount"), String(arguments, "currency"));
        };
        details[SupportToolNames.CloseTicket] = arguments =>
            new ActionDetails(String(arguments, "ticketId") is { } ticketId ? [$"ticket:{ticketId}"] : null);
        details[SupportToolNames.SendEmail] = arguments =>
            new ActionDetails(String(arguments, "customerId") is { } customerId ? [$"customer:{customerId}"] : null);
    }

    private static string? String(JsonElement arguments, string name) =>
        arguments.ValueKind == JsonValueKind.Object && arguments.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // A model may send a number as a JSON string; the amount is still the amount.
    private static decimal? Decimal(JsonElement arguments, string name)
    {
        if (arguments.ValueKind != JsonValueKind.Object || !arguments.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
