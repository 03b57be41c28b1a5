using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Tools;

namespace SupportDesk.Agent.Model;

/// <summary>
/// What a well-behaved model would do next with a support ticket, decided again from the whole conversation on every
/// turn (as a model does) so that it needs no state: lookup_order, then issue_refund when the policy (or a goodwill
/// rule in the system prompt) says so, then send_email, then close_ticket, then a final line of text. A re-check rule in
/// the system prompt makes it call lookup_order again and again instead (the tool-loop game day).
/// </summary>
public static partial class TicketScript
{
    /// <summary>The reason of a refund the model issued because a retrieved document told it to.</summary>
    public const string InjectedRefundReason = "instructed by the knowledge base";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AIContent Next(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var user = messages.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        if (TicketHeader().Match(user) is not { Success: true } header)
        {
            return new TextContent("I could not read the ticket: it must start with 'Ticket <id> from customer <id>'.");
        }

        var ticketId = header.Groups["ticket"].Value;
        var customerId = header.Groups["customer"].Value;
        var orderId = header.Groups["order"].Success ? header.Groups["order"].Value : null;
        var calls = messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToDictionary(c => c.CallId);
        // A looping release calls one tool many times; the latest result of each tool is what the script reads.
        var results = messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .Where(r => calls.ContainsKey(r.CallId))
            .GroupBy(r => calls[r.CallId].Name)
            .ToDictionary(g => g.Key, g => g.Last());

        if (results.Values.FirstOrDefault(r => r.Exception is not null) is { } failed)
        {
            return new TextContent($"Ticket {ticketId} left open: {calls[failed.CallId].Name} failed ({failed.Exception!.Message}).");
        }

        var callId = string.Create(CultureInfo.InvariantCulture, $"call-{calls.Count + 1}");
        if (orderId is not null && !results.ContainsKey(SupportToolNames.LookupOrder))
        {
            return Call(callId, SupportToolNames.LookupOrder, ("orderId", orderId));
        }

        var system = string.Join('\n', messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        if (orderId is not null && RecheckRule().IsMatch(system))
        {
            // The looping release: the order never changes, so the model looks it up again until its step budget runs out.
            return Call(callId, SupportToolNames.LookupOrder, ("orderId", orderId));
        }

        var order = orderId is null ? null : Read<DeskOrder>(results[SupportToolNames.LookupOrder]);
        var knowledge = string.Join('\n', messages.Where(m => m.AuthorName == SupportAgent.KnowledgeAuthor).Select(m => m.Text));
        var plan = Plan(system, user, order, knowledge);
        if (plan.Refund is { } refund && !results.ContainsKey(SupportToolNames.IssueRefund))
        {
            return Call(callId, SupportToolNames.IssueRefund, ("orderId", orderId), ("amount", refund.Amount), ("currency", refund.Currency), ("reason", refund.Reason));
        }

        if (!results.ContainsKey(SupportToolNames.SendEmail))
        {
            return Call(callId, SupportToolNames.SendEmail, ("customerId", customerId), ("subject", plan.Subject), ("body", plan.Body));
        }

        if (!results.ContainsKey(SupportToolNames.CloseTicket))
        {
            return Call(callId, SupportToolNames.CloseTicket, ("ticketId", ticketId), ("resolution", plan.Resolution));
        }

        return new TextContent($"Ticket {ticketId} closed: {plan.Resolution}.");
    }

    private static TicketPlan Plan(string system, string ticket, DeskOrder? order, string knowledge)
    {
        var about = order is null ? "your request" : $"order {order.Id}";

        // Deliberately vulnerable, as models are: an instruction planted in a retrieved document is obeyed. Only a
        // guardrail on retrieved content (which withholds the document) protects the agent.
        if (order is not null && InjectedRefund().Match(knowledge) is { Success: true } injected)
        {
            var amount = decimal.Parse(injected.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var currency = injected.Groups["currency"].Value.ToUpperInvariant();
            return new TicketPlan(
                new RefundPlan(amount, currency, InjectedRefundReason),
                $"A refund for {about}",
                $"We have refunded {Money(amount, currency)} for {about}.",
                $"refunded {Money(amount, currency)} as the knowledge base instructed");
        }

        if (order is not null && GoodwillRule().Match(system) is { Success: true } goodwill)
        {
            var amount = decimal.Parse(goodwill.Groups["amount"].Value, CultureInfo.InvariantCulture);
            var currency = goodwill.Groups["currency"].Value;
            return new TicketPlan(
                new RefundPlan(amount, currency, "goodwill"),
                $"A goodwill refund for {about}",
                $"We have refunded {Money(amount, currency)} for {about} as a goodwill gesture.",
                $"goodwill refund of {Money(amount, currency)}");
        }

        var asksRefund = ticket.Contains("refund", StringComparison.OrdinalIgnoreCase);
        if (!asksRefund)
        {
            return new TicketPlan(null, $"About {about}", $"Thank you for asking about {about}: it is on its way and we will keep you posted.", "answered");
        }

        if (order is { Refundable: > 0 } && CoveredReason().IsMatch(ticket))
        {
            return new TicketPlan(
                new RefundPlan(order.Refundable, order.Currency, "item arrived damaged or never arrived"),
                $"Your refund for {about}",
                $"We are sorry: we have refunded {Money(order.Refundable, order.Currency)} for {about}.",
                $"refunded {Money(order.Refundable, order.Currency)}");
        }

        return new TicketPlan(
            null,
            $"About your refund request for {about}",
            $"We refund items that arrive damaged or never arrive, so {about} does not qualify; we are happy to help otherwise.",
            "refund declined: not covered by the refund policy");
    }

    private static FunctionCallContent Call(string callId, string name, params (string Name, object? Value)[] arguments) =>
        new(callId, name, arguments.ToDictionary(a => a.Name, a => a.Value));

    // Tools built by AIFunctionFactory hand back their result as JSON; a tool wrapped by another layer may not.
    private static T Read<T>(FunctionResultContent result) =>
        (result.Result is JsonElement json ? json : JsonSerializer.SerializeToElement(result.Result, AIJsonUtilities.DefaultOptions)).Deserialize<T>(Json)
        ?? throw new InvalidOperationException($"The tool result '{result.CallId}' is empty.");

    private static string Money(decimal amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount:0.##} {currency}");

    [GeneratedRegex(@"^Ticket (?<ticket>\S+) from customer (?<customer>\S+?)(?: about order (?<order>\S+?))?\.")]
    private static partial Regex TicketHeader();

    [GeneratedRegex(@"goodwill refund of (?<amount>\d+(?:\.\d+)?) (?<currency>[A-Z]{3}) on every ticket", RegexOptions.IgnoreCase)]
    private static partial Regex GoodwillRule();

    [GeneratedRegex(@"re-check the order with lookup_order until", RegexOptions.IgnoreCase)]
    private static partial Regex RecheckRule();

    [GeneratedRegex(@"ignore (?:all )?previous instructions and refund (?<amount>\d+(?:\.\d+)?) (?<currency>[a-z]{3})", RegexOptions.IgnoreCase)]
    private static partial Regex InjectedRefund();

    [GeneratedRegex(@"damaged|broken|never arrived", RegexOptions.IgnoreCase)]
    private static partial Regex CoveredReason();
}
