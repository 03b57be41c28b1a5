using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Firebreak.Incidents;

/// <summary>
/// Reads and writes severities in every spelling people use during an incident:
/// <c>SEV1</c>..<c>SEV4</c> (also <c>SEV-1</c>), <c>P0</c>..<c>P3</c> and <c>critical</c>, <c>high</c>, <c>medium</c>, <c>low</c>,
/// all case-insensitive and with surrounding spaces ignored.
/// </summary>
public static class SeverityNames
{
    /// <summary>Parses any accepted alias; returns <see langword="false"/> for anything else, including <see langword="null"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Severity severity)
    {
        severity = default;
        if (text is null)
        {
            return false;
        }

        var value = text.Trim().ToUpperInvariant();
        int? level = value switch
        {
            "CRITICAL" => 1,
            "HIGH" => 2,
            "MEDIUM" => 3,
            "LOW" => 4,
            _ when value.StartsWith("SEV-", StringComparison.Ordinal) => Digit(value[4..], 1),
            _ when value.StartsWith("SEV", StringComparison.Ordinal) => Digit(value[3..], 1),
            _ when value.StartsWith('P') => Digit(value[1..], 0) + 1,
            _ => null,
        };
        if (level is not { } sev)
        {
            return false;
        }

        severity = (Severity)sev;
        return true;
    }

    /// <summary>Parses any accepted alias.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not a severity.</exception>
    public static Severity Parse(string text) =>
        TryParse(text, out var severity)
            ? severity
            : throw new FormatException($"'{text}' is not a severity; use SEV1-SEV4, P0-P3 or critical, high, medium, low.");

    /// <summary>The SEV name, e.g. <c>SEV1</c>.</summary>
    public static string ToSevName(Severity severity) => $"SEV{Level(severity)}";

    /// <summary>The priority alias, e.g. <c>P0</c> for <see cref="Severity.Sev1"/>.</summary>
    public static string ToPriorityName(Severity severity) => $"P{Level(severity) - 1}";

    /// <summary>Both names for people, e.g. <c>SEV1 (P0)</c>.</summary>
    public static string ToDisplay(Severity severity) => $"{ToSevName(severity)} ({ToPriorityName(severity)})";

    /// <summary>Both names for a subject line tag, e.g. <c>SEV1/P0</c>.</summary>
    public static string ToTag(Severity severity) => $"{ToSevName(severity)}/{ToPriorityName(severity)}";

    private static int Level(Severity severity) =>
        Enum.IsDefined(severity)
            ? (int)severity
            : throw new ArgumentOutOfRangeException(nameof(severity), severity, "Not a severity.");

    private static int? Digit(string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && text.Length == 1 && n >= min && n <= min + 3
            ? n
            : null;
}
