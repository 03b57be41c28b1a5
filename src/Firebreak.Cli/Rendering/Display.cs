using System.Globalization;
using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Cli.Rendering;

/// <summary>How values look on screen: enum values as the API spells them, times in UTC, JSON on one bounded line.</summary>
internal static class Display
{
    public const int ShortHashLength = 8;

    public const int ShortVersionLength = 12;

    /// <summary>The API's spelling of an enum value (<c>awaiting_approval</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string[] EnumNames<TEnum>()
        where TEnum : struct, Enum => [.. Enum.GetValues<TEnum>().Select(Name)];

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } value ? Time(value) : "-";

    public static string TimeOfDay(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string ShortHash(string hash) => hash.Length > ShortHashLength ? hash[..ShortHashLength] : hash;

    /// <summary>A version as a table shows it: without build metadata (<c>1.2.0+3f9c…</c> is <c>1.2.0</c>), at most <see cref="ShortVersionLength"/> characters.</summary>
    public static string ShortVersion(string version) => Truncate(version.Split('+')[0], ShortVersionLength);

    public static string Amount(decimal amount, string? currency) =>
        $"{amount.ToString("0.00####", CultureInfo.InvariantCulture)}{(currency is null ? string.Empty : " " + currency)}";

    /// <summary>Compact JSON, cut to <paramref name="maxLength"/> characters with an ellipsis.</summary>
    public static string Json(JsonElement element, int maxLength) =>
        Truncate(JsonSerializer.Serialize(element, FirebreakJson.Options), maxLength);

    public static string Truncate(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, Math.Max(0, maxLength - 1)), "…");

    public static string Duration(DateTimeOffset start, DateTimeOffset? end)
    {
        if (end is not { } finished)
        {
            return "-";
        }

        var span = finished - start;
        return span.TotalSeconds < 1 ? $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms"
            : span.TotalMinutes < 1 ? $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
            : $"{(int)span.TotalHours}h{span.Minutes:00}m";
    }
}
