using System.Net.Http.Json;
using System.Text.Json;

namespace SupportDesk.Tests.Infrastructure;

/// <summary>Raw HTTP calls to the backend, with the headers under test spelled out.</summary>
internal static class DeskHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Counters> CountersAsync(this HttpClient client, CancellationToken cancellationToken) =>
        (await client.GetFromJsonAsync<Counters>(new Uri("/counters", UriKind.Relative), Json, cancellationToken))!;

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request, cancellationToken);
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken))!;
}
