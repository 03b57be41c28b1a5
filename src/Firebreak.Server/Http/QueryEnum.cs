using System.Diagnostics.CodeAnalysis;
using Firebreak.Validation;

namespace Firebreak.Server.Http;

/// <summary>
/// Reads an enum from a query string the way the JSON API writes it (<c>?status=pending</c>). Minimal API binding
/// would match only the C# name's case and accept numbers, and answer a mismatch without naming the field.
/// </summary>
internal static class QueryEnum
{
    public static bool TryParse<T>(string field, string? value, out T? parsed, [NotNullWhen(false)] out ValidationErrors? errors)
        where T : struct, Enum
    {
        parsed = null;
        errors = null;
        if (value is null)
        {
            return true;
        }

        if (value.Length > 0 && char.IsAsciiLetter(value[0]) && Enum.TryParse<T>(value.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var result))
        {
            parsed = result;
            return true;
        }

        errors = new ValidationErrors();
        errors.Add(field, $"must be one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}");
        return false;
    }
}
