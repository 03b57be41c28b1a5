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
        var collected = new ValidationErrors();
        parsed = Read<T>(collected, field, value);
        errors = collected.IsValid ? null : collected;
        return collected.IsValid;
    }

    /// <summary>The enum in <paramref name="value"/>, or <see langword="null"/> when absent or invalid (then the field's error is added to <paramref name="errors"/>).</summary>
    public static T? Read<T>(ValidationErrors errors, string field, string? value)
        where T : struct, Enum =>
        Read<T>(errors, field, value, TryParseName<T>, $"must be one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}");

    /// <summary>A value parsed by <paramref name="parse"/>, or <see langword="null"/> when absent or invalid (then <paramref name="expected"/> is added to <paramref name="errors"/>).</summary>
    public static T? Read<T>(ValidationErrors errors, string field, string? value, TryParser<T> parse, string expected)
        where T : struct
    {
        if (value is null)
        {
            return null;
        }

        if (parse(value, out var parsed))
        {
            return parsed;
        }

        errors.Add(field, expected);
        return null;
    }

    /// <summary>The shape of the Core parsers (<c>SeverityNames.TryParse</c>, <c>FailureClassNames.TryParse</c>).</summary>
    public delegate bool TryParser<T>(string value, out T parsed);

    private static bool TryParseName<T>(string value, out T parsed)
        where T : struct, Enum =>
        Enum.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out parsed)
        && value.Length > 0
        && char.IsAsciiLetter(value[0]);
}
