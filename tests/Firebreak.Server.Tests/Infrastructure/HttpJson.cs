using System.Text;
using System.Text.Json;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>Raw JSON in and out, so tests pin the wire format rather than a client's idea of it.</summary>
internal static class HttpJson
{
    public static async Task<(HttpResponseMessage Response, JsonElement Body)> SendAsync(HttpClient client, string method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return (response, document.RootElement.Clone());
    }

    public static Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(HttpClient client, string path, string json) =>
        SendAsync(client, "POST", path, json);

    /// <summary>Declares a SEV2 incident on the support agent and returns its id, for tests that act under one.</summary>
    public static async Task<string> DeclareIncidentAsync(HttpClient operatorClient)
    {
        var (response, body) = await PostAsync(operatorClient, "/api/v1/incidents",
            """{"title":"Refunds issued to the wrong customers","agents":["support"],"failureClass":"tool-misuse","commander":"dana","severity":"SEV2"}""");
        Assert.True(response.IsSuccessStatusCode, $"Declaring an incident answered {(int)response.StatusCode}: {body}");
        return body.GetProperty("incident").GetProperty("id").GetString()!;
    }

    public static Task<(HttpResponseMessage Response, JsonElement Body)> GetAsync(HttpClient client, string path) =>
        SendAsync(client, "GET", path);
}
