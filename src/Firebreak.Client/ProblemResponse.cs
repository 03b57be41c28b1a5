using System.Net;
using System.Text.Json;

namespace Firebreak.Client;

/// <summary>
/// Turns an error response into a <see cref="FirebreakApiException"/>. Problem details are read leniently (not with
/// <c>FirebreakJson.Options</c>, which refuses unknown members) because RFC 9457 lets servers add extension members
/// such as <c>traceId</c>.
/// </summary>
internal static class ProblemResponse
{
    private const int MaxFallbackDetailLength = 300;

    public static async Task<FirebreakApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var reason = response.ReasonPhrase is { Length: > 0 } phrase ? phrase : response.StatusCode.ToString();
        return TryParse(response.StatusCode, body, reason) ?? new FirebreakApiException(response.StatusCode, reason, Fallback(body));
    }

    private static FirebreakApiException? TryParse(HttpStatusCode status, string body, string reason)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind is not JsonValueKind.Object
                || (!root.TryGetProperty("title", out _) && !root.TryGetProperty("detail", out _)))
            {
                return null;
            }

            var title = StringMember(root, "title") ?? reason;
            return new FirebreakApiException(status, title, StringMember(root, "detail"), Errors(root));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringMember(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, IReadOnlyList<string>>? Errors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind is not JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind switch
            {
                JsonValueKind.Array => [.. field.Value.EnumerateArray().Select(m => m.ValueKind is JsonValueKind.String ? m.GetString()! : m.GetRawText())],
                JsonValueKind.String => [field.Value.GetString()!],
                _ => [field.Value.GetRawText()],
            };
        }

        return result;
    }

    private static string? Fallback(string body)
    {
        var text = body.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var firstLine = text.AsSpan();
        var newline = firstLine.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            firstLine = firstLine[..newline];
        }

        return firstLine.Length > MaxFallbackDetailLength ? string.Concat(firstLine[..MaxFallbackDetailLength], "…") : firstLine.ToString();
    }
}
