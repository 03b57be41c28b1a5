using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Otlp;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using ProtoStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace Firebreak.Server.Otlp;

/// <summary>Reads the spans of an export out of the generated protobuf messages, with hex ids and JSON attribute values.</summary>
internal static class OtlpSpanReader
{
    public static List<OtlpSpan> Read(ExportTraceServiceRequest request)
    {
        var spans = new List<OtlpSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == GenAiAttributes.ServiceName)?.Value is { ValueCase: AnyValue.ValueOneofCase.StringValue } name
                ? name.StringValue
                : null;
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var attribute in span.Attributes)
                {
                    attributes.TryAdd(attribute.Key, JsonSerializer.SerializeToElement(Node(attribute.Value)));
                }

                spans.Add(new OtlpSpan(
                    Hex(span.TraceId),
                    Hex(span.SpanId),
                    span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
                    span.Name,
                    Time(span.StartTimeUnixNano),
                    Time(span.EndTimeUnixNano),
                    span.Status?.Code == ProtoStatus.Types.StatusCode.Error,
                    span.Status?.Message is { Length: > 0 } message ? message : null,
                    attributes,
                    service));
            }
        }

        return spans;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static DateTimeOffset Time(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)Math.Min(unixNanos / 100, (ulong)(DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks));

    private static JsonNode? Node(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => JsonValue.Create(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => JsonValue.Create(value.BoolValue),
        AnyValue.ValueOneofCase.IntValue => JsonValue.Create(value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => double.IsFinite(value.DoubleValue) ? JsonValue.Create(value.DoubleValue) : JsonValue.Create(value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        AnyValue.ValueOneofCase.BytesValue => JsonValue.Create(value.BytesValue.ToBase64()),
        AnyValue.ValueOneofCase.ArrayValue => new JsonArray([.. value.ArrayValue.Values.Select(Node)]),
        AnyValue.ValueOneofCase.KvlistValue => Object(value.KvlistValue),
        _ => null,
    };

    private static JsonObject Object(KeyValueList list)
    {
        var node = new JsonObject();
        foreach (var pair in list.Values)
        {
            node[pair.Key] = Node(pair.Value);
        }

        return node;
    }
}
