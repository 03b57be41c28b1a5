using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupportDesk.Agent.Desk;

/// <summary>The SupportDesk backend over HTTP, as the agent's tools see it.</summary>
public sealed class DeskClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Takes the oldest queued ticket, or <see langword="null"/> when the queue is empty.</summary>
    public async Task<DeskTicket?> NextTicketAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("queue/next", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NoContent ? null : await ReadAsync<DeskTicket>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The knowledge-base documents relevant to <paramref name="text"/> (a ticket's subject and body).</summary>
    public async Task<IReadOnlyList<DeskKnowledge>> SearchKnowledgeAsync(string text, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"knowledge?q={Uri.EscapeDataString(text)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<List<DeskKnowledge>>(response, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeskOrderDetails> GetOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"orders/{Uri.EscapeDataString(orderId)}", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<DeskOrderDetails>(response, cancellationToken).ConfigureAwait(false);
    }

    public Task<DeskRefund> IssueRefundAsync(string orderId, decimal amount, string currency, string? reason, string idempotencyKey, string correlationId, CancellationToken cancellationToken) =>
        SendAsync<DeskRefund>("refunds", new { orderId, amount, currency, reason }, idempotencyKey, correlationId, cancellationToken);

    public Task<DeskEmail> SendEmailAsync(string customerId, string subject, string body, string idempotencyKey, string correlationId, CancellationToken cancellationToken) =>
        SendAsync<DeskEmail>("emails", new { customerId, subject, body }, idempotencyKey, correlationId, cancellationToken);

    public Task<DeskTicket> CloseTicketAsync(string ticketId, string? resolution, string correlationId, CancellationToken cancellationToken) =>
        SendAsync<DeskTicket>($"tickets/{Uri.EscapeDataString(ticketId)}/close", new { resolution }, null, correlationId, cancellationToken);

    private async Task<T> SendAsync<T>(string path, object body, string? idempotencyKey, string correlationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body, options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Headers.Add("X-Correlation-Id", correlationId);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new DeskRequestException(response.StatusCode, $"{(int)response.StatusCode} {Detail(text)}");
        }

        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
            ?? throw new DeskRequestException(response.StatusCode, "The backend answered with an empty body.");
    }

    private static string Detail(string problem)
    {
        try
        {
            using var document = JsonDocument.Parse(problem);
            var root = document.RootElement;
            return root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? problem
                : root.TryGetProperty("title", out var title) ? title.GetString() ?? problem
                : problem;
        }
        catch (JsonException)
        {
            return problem;
        }
    }
}
