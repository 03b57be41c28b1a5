using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Firebreak.Server.Tests.Otlp;

/// <summary>Hand-built OTLP exports, for the cases an SDK would never send (re-exports, forged agents, broken bodies).</summary>
internal static class OtlpRequests
{
    public static string NewTraceId() => Guid.NewGuid().ToString("N");

    public static string NewSpanId() => Guid.NewGuid().ToString("N")[..16];

    public static ExportTraceServiceRequest Export(string? serviceName, params Span[] spans)
    {
        var resource = new Resource();
        if (serviceName is not null)
        {
            resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = serviceName } });
        }

        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Firebreak.Tests" } };
        scope.Spans.AddRange(spans);
        var resourceSpans = new ResourceSpans { Resource = resource };
        resourceSpans.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static Span Span(string traceId, string spanId, string? parentSpanId, string name, bool error = false, params (string Key, object Value)[] attributes)
    {
        var start = DateTimeOffset.UtcNow;
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString(traceId)),
            SpanId = ByteString.CopyFrom(Convert.FromHexString(spanId)),
            ParentSpanId = parentSpanId is null ? ByteString.Empty : ByteString.CopyFrom(Convert.FromHexString(parentSpanId)),
            Name = name,
            Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Internal,
            StartTimeUnixNano = (ulong)start.ToUnixTimeMilliseconds() * 1_000_000,
            EndTimeUnixNano = ((ulong)start.ToUnixTimeMilliseconds() + 12) * 1_000_000,
            Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok },
        };
        foreach (var (key, value) in attributes)
        {
            span.Attributes.Add(new KeyValue
            {
                Key = key,
                Value = value switch
                {
                    long number => new AnyValue { IntValue = number },
                    int number => new AnyValue { IntValue = number },
                    _ => new AnyValue { StringValue = value.ToString() },
                },
            });
        }

        return span;
    }

    /// <summary>An agent run of <paramref name="agent"/>: an <c>invoke_agent</c> span with one <c>execute_tool</c> span under it.</summary>
    public static (ExportTraceServiceRequest Request, string TraceId, string ToolSpanId) ToolRun(string agent, string tool = "lookup_order", string? toolAgent = null)
    {
        var traceId = NewTraceId();
        var runSpan = NewSpanId();
        var toolSpan = NewSpanId();
        var toolAttributes = new List<(string, object)>
        {
            ("gen_ai.operation.name", "execute_tool"),
            ("gen_ai.tool.name", tool),
            ("gen_ai.tool.call.arguments", """{"orderId":"o-7"}"""),
            ("gen_ai.tool.call.result", """{"status":"shipped"}"""),
        };
        if (toolAgent is not null)
        {
            toolAttributes.Add(("gen_ai.agent.name", toolAgent));
        }

        var request = Export(
            "support",
            Span(traceId, toolSpan, runSpan, $"execute_tool {tool}", attributes: [.. toolAttributes]),
            Span(traceId, runSpan, null, $"invoke_agent {agent}", attributes: [("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", agent)]));
        return (request, traceId, toolSpan);
    }

    public static ByteArrayContent Protobuf(IMessage message) => Content(message.ToByteArray(), "application/x-protobuf");

    public static ByteArrayContent Content(byte[] body, string contentType, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        if (encoding is not null)
        {
            content.Headers.ContentEncoding.Add(encoding);
        }

        return content;
    }

    public static async Task<(HttpResponseMessage Response, ExportTraceServiceResponse? Body, JsonElement? Problem)> PostAsync(HttpClient client, HttpContent content)
    {
        var response = await client.PostAsync(new Uri("/v1/traces", UriKind.Relative), content, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType == "application/problem+json")
        {
            using var document = JsonDocument.Parse(bytes);
            return (response, null, document.RootElement.Clone());
        }

        var body = mediaType == "application/json"
            ? ExportTraceServiceResponse.Parser.ParseJson(System.Text.Encoding.UTF8.GetString(bytes))
            : ExportTraceServiceResponse.Parser.ParseFrom(bytes);
        return (response, body, null);
    }
}
