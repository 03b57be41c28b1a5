using System.Text.Json;

namespace Firebreak.Otlp;

/// <summary>One span of an OTLP export, read out of the wire format: what <see cref="OtlpTraceMapper"/> maps into the ledger.</summary>
/// <param name="TraceId">32 lower-case hex digits.</param>
/// <param name="SpanId">16 lower-case hex digits.</param>
/// <param name="ParentSpanId">16 lower-case hex digits; <see langword="null"/> for a root span.</param>
/// <param name="Name">The span's name.</param>
/// <param name="StartTime">When the span started.</param>
/// <param name="EndTime">When the span ended.</param>
/// <param name="IsError">Whether the span's status code is <c>STATUS_CODE_ERROR</c>.</param>
/// <param name="StatusMessage">The status description, when the span has one.</param>
/// <param name="Attributes">The span's attributes, as JSON values (OTLP arrays and key-value lists as JSON arrays and objects).</param>
/// <param name="ServiceName">The <c>service.name</c> attribute of the span's resource, when set.</param>
internal sealed record OtlpSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    bool IsError,
    string? StatusMessage,
    IReadOnlyDictionary<string, JsonElement> Attributes,
    string? ServiceName)
{
    /// <summary>The attribute <paramref name="key"/> when it is a non-empty string.</summary>
    public string? Text(string key) =>
        Attributes.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>The attribute <paramref name="key"/> when it is an integer, such as a token count (or a string holding one, as some SDKs send).</summary>
    public long? Count(string key)
    {
        if (!Attributes.TryGetValue(key, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>Whole milliseconds between start and end; zero when the clock went backwards.</summary>
    public long DurationMs => Math.Max(0, (long)(EndTime - StartTime).TotalMilliseconds);
}
