using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>
/// Fills a compensator's URL template from the original action: <c>{endpoint.name}</c> from the server's configured
/// base addresses (inserted as is), and <c>{result.path}</c>, <c>{arguments.path}</c>, <c>{entity.type}</c>, <c>{key}</c>
/// from the action (URI-escaped, so a value can never change the URL's shape). A value filled into the path is refused
/// when it could still change the path once a server decodes it (see <see cref="ChangesPath"/>).
/// </summary>
internal static class CompensationTemplate
{
    public static bool TryExpand(
        string template,
        ActionRecord action,
        IReadOnlyDictionary<string, string> endpoints,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(endpoints);
        return TryExpand(
            template,
            name => TryResolve(name, action, endpoints, out var value) ? value : default,
            $"action '{action.IdempotencyKey}'",
            out expanded,
            out error);
    }

    /// <summary>
    /// Fills a hook's template: <c>{endpoint.name}</c> from the configured base addresses (inserted as is), and every other
    /// name from <paramref name="values"/> (URI-escaped).
    /// </summary>
    public static bool TryExpand(
        string template,
        IReadOnlyDictionary<string, string> values,
        IReadOnlyDictionary<string, string> endpoints,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(endpoints);
        return TryExpand(
            template,
            name => name.StartsWith("endpoint.", StringComparison.Ordinal)
                ? endpoints.TryGetValue(name["endpoint.".Length..], out var address) ? new Fill(address.TrimEnd('/'), Verbatim: true) : default
                : values.TryGetValue(name, out var value) ? new Fill(value) : default,
            "this hook",
            out expanded,
            out error);
    }

    private static bool TryExpand(
        string template,
        Func<string, Fill> resolve,
        string subject,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        var text = new StringBuilder(template.Length + 32);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                (expanded, error) = (null, $"'{template}' has an unclosed '{{'");
                return false;
            }

            text.Append(template, at, open - at);
            var name = template[(open + 1)..close];
            if (resolve(name) is not { Text: { } value } fill)
            {
                (expanded, error) = (null, $"'{{{name}}}' has no value for {subject}");
                return false;
            }

            if (!fill.Verbatim && template.AsSpan(0, open).IndexOfAny('?', '#') < 0 && ChangesPath(value))
            {
                var shown = value.Length > 64 ? value[..64] + "…" : value;
                (expanded, error) = (null, $"'{{{name}}}' of {subject} is '{shown}', which would change the URL's path: a path value may not be empty, '.', or hold '/', '\\', '..' or their percent-encodings");
                return false;
            }

            text.Append(fill.Verbatim ? value : Uri.EscapeDataString(value));
            at = close + 1;
        }

        (expanded, error) = (text.ToString(), null);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, filled into a URL's path, could change the path for a server that decodes it once
    /// or more: empty, <c>.</c>, or holding <c>/</c>, <c>\</c> or <c>..</c> as is or percent-encoded any number of times.
    /// </summary>
    public static bool ChangesPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            return true;
        }

        // Each round undoes one layer of encoding; a value still changing after that many layers is refused as well.
        for (var round = 0; round < 8; round++)
        {
            if (value == "." || value.AsSpan().IndexOfAny('/', '\\') >= 0 || value.Contains("..", StringComparison.Ordinal))
            {
                return true;
            }

            var decoded = Uri.UnescapeDataString(value);
            if (decoded == value)
            {
                return false;
            }

            value = decoded;
        }

        return true;
    }

    private static bool TryResolve(string name, ActionRecord action, IReadOnlyDictionary<string, string> endpoints, out Fill value)
    {
        value = default;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (scope, path) = dot < 0 ? (name, string.Empty) : (name[..dot], name[(dot + 1)..]);
        switch (scope)
        {
            case "endpoint":
                if (endpoints.TryGetValue(path, out var address))
                {
                    value = new Fill(address.TrimEnd('/'), Verbatim: true);
                }

                break;
            case "key" when path.Length == 0:
                value = new Fill(action.IdempotencyKey);
                break;
            case "entity":
                var prefix = path + ":";
                if (action.Entities.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal)) is { } entity)
                {
                    value = new Fill(entity[prefix.Length..]);
                }

                break;
            case "result" when action.Result is { } result:
                value = new Fill(Scalar(result, path));
                break;
            case "arguments":
                value = new Fill(Scalar(action.Arguments, path));
                break;
        }

        return value.Text is not null;
    }

    private static string? Scalar(JsonElement element, string path)
    {
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Number => element.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    /// <summary>The text of the value at a dotted path of a JSON document, for verification; <see langword="null"/> when absent.</summary>
    public static string? ReadField(JsonElement element, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            JsonValueKind.Number => element.GetDecimal().ToString(CultureInfo.InvariantCulture),
            _ => element.GetRawText(),
        };
    }

    /// <summary>A placeholder's value: escaped when filled in, unless it is a configured base address.</summary>
    private readonly record struct Fill(string? Text, bool Verbatim = false);
}
