using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>
/// Fills a compensator's URL template from the original action: <c>{endpoint.name}</c> from the server's configured
/// base addresses (inserted as is), and <c>{result.path}</c>, <c>{arguments.path}</c>, <c>{entity.type}</c>, <c>{key}</c>
/// from the action (URI-escaped, so a value can never change the URL's shape).
/// </summary>
public static class CompensationTemplate
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
            name => TryResolve(name, action, endpoints, out var value) ? value : null,
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
                ? endpoints.TryGetValue(name["endpoint.".Length..], out var address) ? address.TrimEnd('/') : null
                : values.TryGetValue(name, out var value) ? Uri.EscapeDataString(value) : null,
            "this hook",
            out expanded,
            out error);
    }

    private static bool TryExpand(
        string template,
        Func<string, string?> resolve,
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
            if (resolve(name) is not { } value)
            {
                (expanded, error) = (null, $"'{{{name}}}' has no value for {subject}");
                return false;
            }

            text.Append(value);
            at = close + 1;
        }

        (expanded, error) = (text.ToString(), null);
        return true;
    }

    private static bool TryResolve(string name, ActionRecord action, IReadOnlyDictionary<string, string> endpoints, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var (scope, path) = dot < 0 ? (name, string.Empty) : (name[..dot], name[(dot + 1)..]);
        switch (scope)
        {
            case "endpoint":
                if (endpoints.TryGetValue(path, out var address))
                {
                    value = address.TrimEnd('/');
                }

                break;
            case "key" when path.Length == 0:
                value = Uri.EscapeDataString(action.IdempotencyKey);
                break;
            case "entity":
                var prefix = path + ":";
                if (action.Entities.FirstOrDefault(e => e.StartsWith(prefix, StringComparison.Ordinal)) is { } entity)
                {
                    value = Uri.EscapeDataString(entity[prefix.Length..]);
                }

                break;
            case "result" when action.Result is { } result:
                value = Scalar(result, path);
                break;
            case "arguments":
                value = Scalar(action.Arguments, path);
                break;
        }

        return value is not null;
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
            JsonValueKind.String => Uri.EscapeDataString(element.GetString()!),
            JsonValueKind.Number => Uri.EscapeDataString(element.GetRawText()),
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
}
