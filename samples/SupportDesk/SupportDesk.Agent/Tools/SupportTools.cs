using System.ComponentModel;
using Microsoft.Extensions.AI;
using SupportDesk.Agent.Desk;

namespace SupportDesk.Agent.Tools;

/// <summary>
/// The four tools of the support agent for one run: every side effect they cause carries the run's correlation id,
/// and every tool call its own idempotency key, so a retried call acts once and an incident can find what the run did.
/// </summary>
public sealed class SupportTools(DeskClient desk, string correlationId)
{
    public IList<AITool> Create() =>
    [
        AIFunctionFactory.Create(LookupOrderAsync, SupportToolNames.LookupOrder, "Reads an order and its payments."),
        AIFunctionFactory.Create(IssueRefundAsync, SupportToolNames.IssueRefund, "Refunds part or all of an order's payment."),
        AIFunctionFactory.Create(SendEmailAsync, SupportToolNames.SendEmail, "Sends an email to the customer."),
        AIFunctionFactory.Create(CloseTicketAsync, SupportToolNames.CloseTicket, "Closes a support ticket with a resolution note."),
    ];

    public async Task<DeskOrder> LookupOrderAsync([Description("The order's id, such as o-12.")] string orderId, CancellationToken cancellationToken) =>
        (await desk.GetOrderAsync(orderId, cancellationToken).ConfigureAwait(false)).Order;

    public Task<DeskRefund> IssueRefundAsync(
        [Description("The order's id.")] string orderId,
        [Description("How much to refund, at most what is left to refund.")] decimal amount,
        [Description("The order's currency, such as USD.")] string currency,
        [Description("Why the customer is refunded.")] string? reason,
        CancellationToken cancellationToken) =>
        desk.IssueRefundAsync(orderId, amount, currency, reason, CallKey(), correlationId, cancellationToken);

    public Task<DeskEmail> SendEmailAsync(
        [Description("The customer's id, such as c-3.")] string customerId,
        string subject,
        string body,
        CancellationToken cancellationToken) =>
        desk.SendEmailAsync(customerId, subject, body, CallKey(), correlationId, cancellationToken);

    public Task<DeskTicket> CloseTicketAsync(
        [Description("The ticket's id, such as t-4.")] string ticketId,
        [Description("What was done for the customer.")] string? resolution,
        CancellationToken cancellationToken) =>
        desk.CloseTicketAsync(ticketId, resolution, correlationId, cancellationToken);

    /// <summary>
    /// One key per tool call of this run: the model's call id is what stays the same when the same call is retried.
    /// Outside a function-invoking client (a direct call, as in a test) each call is its own action.
    /// </summary>
    private string CallKey() =>
        $"{correlationId}/{FunctionInvokingChatClient.CurrentContext?.CallContent.CallId ?? Guid.NewGuid().ToString("N")}";
}
