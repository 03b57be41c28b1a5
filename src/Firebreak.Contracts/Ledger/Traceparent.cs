using System.Text.RegularExpressions;

namespace Firebreak.Ledger;

/// <summary>W3C Trace Context <c>traceparent</c> values (<c>00-&lt;trace-id&gt;-&lt;parent-id&gt;-&lt;flags&gt;</c>).</summary>
public static partial class Traceparent
{
    public static bool IsValid(string? value) =>
        value is not null
        && Format().IsMatch(value)
        && !value.StartsWith("ff", StringComparison.Ordinal)
        && value.AsSpan(3, 32).ContainsAnyExcept('0')
        && value.AsSpan(36, 16).ContainsAnyExcept('0');

    /// <summary>The trace id part (32 hex digits) of a valid traceparent.</summary>
    public static string TraceId(string traceparent)
    {
        ArgumentNullException.ThrowIfNull(traceparent);
        return traceparent.Substring(3, 32);
    }

    [GeneratedRegex("^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Format();
}
