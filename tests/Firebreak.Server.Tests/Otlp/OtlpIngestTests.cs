using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Firebreak.Server.Tests.Infrastructure;
using Google.Protobuf;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Firebreak.Server.Tests.Otlp;

/// <summary>
/// OTLP/HTTP trace ingest against the real server process: the official OpenTelemetry .NET SDK's OTLP exporter, and
/// hand-built exports for what an SDK never sends (re-exports, forged agents, broken and oversized bodies). Each backend
/// subclasses this once.
/// </summary>
public abstract class OtlpIngestTests(OtlpServerFixture fixture)
{
    [Fact]
    public async Task SdkExport_ShowsUpAsARunWithItsStepsAndActions()
    {
        using var source = new ActivitySource($"Firebreak.Tests.Agent.{Guid.NewGuid():N}");
        string traceId;

        // The simple processor exports each span as it ends, children before their run span: the hardest order.
        using (var provider = TracerProvider(source, ExportProcessorType.Simple, $"x-firebreak-key={fixture.SupportKey}"))
        {
            traceId = RunAgent(source);
            Assert.True(provider.ForceFlush(10_000));
        }

        var run = await SingleRunAsync(traceId);
        Assert.Equal("support", run.GetProperty("agentId").GetString());
        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(traceId, run.GetProperty("correlationId").GetString());

        var (_, trace) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs/{run.GetProperty("id").GetString()}/trace");
        var steps = trace.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("kind").GetString() == "step").Select(i => i.GetProperty("payload")).ToList();
        var modelCall = Assert.Single(steps, s => s.GetProperty("kind").GetString() == "model_call");
        Assert.Equal("gpt-4o-2024-08-06", modelCall.GetProperty("name").GetString());
        Assert.Equal(120, modelCall.GetProperty("data").GetProperty("inputTokens").GetInt64());
        Assert.Equal(30, modelCall.GetProperty("data").GetProperty("outputTokens").GetInt64());
        var retrieval = Assert.Single(steps, s => s.GetProperty("kind").GetString() == "retrieval");
        Assert.Equal("kb-orders", retrieval.GetProperty("sourceIds")[0].GetString());
        var toolCall = Assert.Single(steps, s => s.GetProperty("kind").GetString() == "tool_call");
        Assert.Equal("lookup_order", toolCall.GetProperty("name").GetString());
        Assert.Contains(trace.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "run_ended");

        var (_, actions) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/actions?runId={run.GetProperty("id").GetString()}");
        var action = Assert.Single(actions.EnumerateArray());
        Assert.Equal("lookup_order", action.GetProperty("tool").GetString());
        Assert.Equal("executed", action.GetProperty("outcome").GetString());
        Assert.Equal("o-7", action.GetProperty("arguments").GetProperty("orderId").GetString());
        Assert.Equal("shipped", action.GetProperty("result").GetProperty("status").GetString());
        Assert.Equal(traceId, action.GetProperty("correlationId").GetString());
        Assert.StartsWith($"otel:{traceId}:", action.GetProperty("idempotencyKey").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SdkExport_WithABearerKeyAndBatching_NamesTheAgentByServiceName()
    {
        using var source = new ActivitySource($"Firebreak.Tests.Agent.{Guid.NewGuid():N}");
        string traceId;
        using (var provider = TracerProvider(source, ExportProcessorType.Batch, $"Authorization=Bearer {fixture.SupportKey}"))
        {
            traceId = RunAgent(source, agentName: null);
            Assert.True(provider.ForceFlush(10_000));
        }

        var run = await SingleRunAsync(traceId);
        Assert.Equal("support", run.GetProperty("agentId").GetString());
        var (_, actions) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/actions?runId={run.GetProperty("id").GetString()}");
        Assert.Single(actions.EnumerateArray());
    }

    [Fact]
    public async Task ReExport_OfTheSameSpans_WritesThemOnce()
    {
        var (request, traceId, toolSpan) = OtlpRequests.ToolRun("support");
        using var agent = fixture.Server.Client(fixture.SupportKey);

        var (first, firstBody, _) = await OtlpRequests.PostAsync(agent, OtlpRequests.Protobuf(request));
        var head = await LedgerEntriesAsync();
        var (second, secondBody, _) = await OtlpRequests.PostAsync(agent, OtlpRequests.Protobuf(request));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(firstBody!.PartialSuccess);
        Assert.Null(secondBody!.PartialSuccess);
        Assert.Equal(head, await LedgerEntriesAsync());
        var run = await SingleRunAsync(traceId);
        var (_, trace) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs/{run.GetProperty("id").GetString()}/trace");
        Assert.Single(trace.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "step");
        Assert.Single(trace.GetProperty("items").EnumerateArray(), i => i.GetProperty("kind").GetString() == "action");
        Assert.Equal($"otel:{traceId}:{toolSpan}", trace.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "action").GetProperty("payload").GetProperty("idempotencyKey").GetString());
    }

    [Fact]
    public async Task JsonExport_WithHexIdsAndEnumNumbers_IsRecordedAndAnsweredInJson()
    {
        var traceId = OtlpRequests.NewTraceId();
        var runSpan = OtlpRequests.NewSpanId();
        var chatSpan = OtlpRequests.NewSpanId();
        var toolSpan = OtlpRequests.NewSpanId();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        // Upper-case hex is valid OTLP JSON; numbers as strings and as numbers both appear in the wild.
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"support"}}]},
              "scopeSpans":[{"scope":{"name":"agent"},"spans":[
                {"traceId":"{{{traceId.ToUpperInvariant()}}}","spanId":"{{{runSpan}}}","name":"invoke_agent support","kind":1,
                 "startTimeUnixNano":"{{{now}}}","endTimeUnixNano":"{{{now + 50_000_000}}}",
                 "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"invoke_agent"}},{"key":"gen_ai.agent.name","value":{"stringValue":"support"}}],
                 "status":{"code":2,"message":"the model refused"}},
                {"traceId":"{{{traceId}}}","spanId":"{{{chatSpan}}}","parentSpanId":"{{{runSpan}}}","name":"chat gpt-4o","kind":3,
                 "startTimeUnixNano":{{{now + 1_000_000}}},"endTimeUnixNano":{{{now + 9_000_000}}},
                 "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}},{"key":"gen_ai.request.model","value":{"stringValue":"gpt-4o"}},
                   {"key":"gen_ai.usage.input_tokens","value":{"intValue":"77"}},{"key":"gen_ai.usage.output_tokens","value":{"intValue":5}}]},
                {"traceId":"{{{traceId}}}","spanId":"{{{toolSpan}}}","parentSpanId":"{{{runSpan}}}","name":"execute_tool issue_refund","kind":1,
                 "startTimeUnixNano":"{{{now + 10_000_000}}}","endTimeUnixNano":"{{{now + 20_000_000}}}",
                 "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"execute_tool"}},{"key":"gen_ai.tool.name","value":{"stringValue":"issue_refund"}},
                   {"key":"gen_ai.tool.call.arguments","value":{"stringValue":"{\"orderId\":\"o-9\",\"amount\":25}"}},
                   {"key":"firebreak.amount","value":{"doubleValue":25.5}},{"key":"firebreak.currency","value":{"stringValue":"USD"}},
                   {"key":"firebreak.entities","value":{"arrayValue":{"values":[{"stringValue":"order:o-9"},{"stringValue":"customer:47"}]} } }],
                 "status":{"code":2,"message":"payment provider timeout"},"someFutureField":true}
              ]}]}]}
            """;
        using var agent = fixture.Server.Client(fixture.SupportKey);

        var (response, body, problem) = await OtlpRequests.PostAsync(agent, OtlpRequests.Content(Encoding.UTF8.GetBytes(json), "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, problem?.ToString());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(body!.PartialSuccess);
        var run = await SingleRunAsync(traceId);
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.Equal($"00-{traceId}-{runSpan}-01", run.GetProperty("traceparent").GetString());
        var (_, trace) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs/{run.GetProperty("id").GetString()}/trace");
        var modelCall = trace.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("kind").GetString() == "step" && i.GetProperty("payload").GetProperty("kind").GetString() == "model_call");
        Assert.Equal(77, modelCall.GetProperty("payload").GetProperty("data").GetProperty("inputTokens").GetInt64());
        Assert.Equal(chatSpan, modelCall.GetProperty("payload").GetProperty("data").GetProperty("otel").GetProperty("spanId").GetString());
        var (_, actions) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/actions?runId={run.GetProperty("id").GetString()}");
        var refund = Assert.Single(actions.EnumerateArray());
        Assert.Equal("failed", refund.GetProperty("outcome").GetString());
        Assert.Equal(25, refund.GetProperty("arguments").GetProperty("amount").GetInt32());
        Assert.Equal(25.5m, refund.GetProperty("amount").GetDecimal());
        Assert.Equal("USD", refund.GetProperty("currency").GetString());
        Assert.Equal(["order:o-9", "customer:47"], refund.GetProperty("entities").EnumerateArray().Select(e => e.GetString()!));
    }

    [Fact]
    public async Task GzipExport_IsDecompressedAndRecorded()
    {
        var (request, traceId, _) = OtlpRequests.ToolRun("support");
        using var agent = fixture.Server.Client(fixture.SupportKey);

        var (response, body, problem) = await OtlpRequests.PostAsync(agent, OtlpRequests.Content(Gzip(request.ToByteArray()), "application/x-protobuf", "gzip"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, problem?.ToString());
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(body!.PartialSuccess);
        Assert.Equal("support", (await SingleRunAsync(traceId)).GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task AgentKey_IngestingSpansThatNameAnotherAgent_IsRefusedAndWritesNothingForIt()
    {
        var (forged, forgedTrace, _) = OtlpRequests.ToolRun("billing");
        var (smuggled, smuggledTrace, smuggledSpan) = OtlpRequests.ToolRun("support", toolAgent: "billing");
        using var agent = fixture.Server.Client(fixture.SupportKey);

        var (response, body, _) = await OtlpRequests.PostAsync(agent, OtlpRequests.Protobuf(forged));
        var (smuggledResponse, smuggledBody, _) = await OtlpRequests.PostAsync(agent, OtlpRequests.Protobuf(smuggled));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body!.PartialSuccess.RejectedSpans);
        Assert.Contains("may not record runs of agent 'billing'", body.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var (_, runs) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs?correlationId={forgedTrace}");
        Assert.Empty(runs.EnumerateArray());
        var (_, billingActions) = await HttpJson.GetAsync(fixture.Operator, "/api/v1/actions?agent=billing&limit=500");
        Assert.DoesNotContain(billingActions.EnumerateArray(), a => a.GetProperty("correlationId").GetString() == forgedTrace);

        // A tool span that claims another agent inside the key's own run is refused; the run itself is the key's.
        Assert.Equal(HttpStatusCode.OK, smuggledResponse.StatusCode);
        Assert.Equal(1, smuggledBody!.PartialSuccess.RejectedSpans);
        Assert.Contains(smuggledSpan, smuggledBody.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var run = await SingleRunAsync(smuggledTrace);
        var (_, runActions) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/actions?runId={run.GetProperty("id").GetString()}");
        Assert.Empty(runActions.EnumerateArray());
    }

    [Fact]
    public async Task OperatorKey_IngestsForAnyAgent_AndUnmappableSpansAreReportedAsAPartialSuccess()
    {
        var (billingRun, billingTrace, _) = OtlpRequests.ToolRun("billing");
        var (unknown, unknownTrace, _) = OtlpRequests.ToolRun("nobody-registered");
        billingRun.ResourceSpans.Add(unknown.ResourceSpans);

        var (response, body, _) = await OtlpRequests.PostAsync(fixture.Operator, OtlpRequests.Protobuf(billingRun));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body!.PartialSuccess.RejectedSpans);
        Assert.Contains("'nobody-registered' is not a registered agent", body.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("billing", (await SingleRunAsync(billingTrace)).GetProperty("agentId").GetString());
        var (_, runs) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs?correlationId={unknownTrace}");
        Assert.Empty(runs.EnumerateArray());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("ci")]
    public async Task ViewerAndCiKeys_AreForbidden(string role)
    {
        var (request, traceId, _) = OtlpRequests.ToolRun("support");
        using var client = fixture.Server.Client(role == "viewer" ? fixture.ViewerKey : fixture.CiKey);

        var (response, _, problem) = await OtlpRequests.PostAsync(client, OtlpRequests.Protobuf(request));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotNull(problem);
        var (_, runs) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs?correlationId={traceId}");
        Assert.Empty(runs.EnumerateArray());
    }

    [Fact]
    public async Task AnExportWithoutAKey_IsUnauthorized()
    {
        var (request, _, _) = OtlpRequests.ToolRun("support");
        using var anonymous = new HttpClient { BaseAddress = fixture.Server.Address };

        var (response, _, problem) = await OtlpRequests.PostAsync(anonymous, OtlpRequests.Protobuf(request));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotNull(problem);
    }

    public static TheoryData<string, HttpStatusCode> MalformedBodies => new()
    {
        { "truncated-protobuf", HttpStatusCode.BadRequest },
        { "not-json", HttpStatusCode.BadRequest },
        { "json-with-base64-ids", HttpStatusCode.BadRequest },
        { "json-array", HttpStatusCode.BadRequest },
        { "text-plain", HttpStatusCode.UnsupportedMediaType },
        { "brotli", HttpStatusCode.UnsupportedMediaType },
        { "corrupt-gzip", HttpStatusCode.BadRequest },
        { "oversized", HttpStatusCode.RequestEntityTooLarge },
        { "gzip-bomb", HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task MalformedOrOversizedBodies_GetProblemDetailsAndWriteNothing(string body, HttpStatusCode expected)
    {
        var (request, traceId, _) = OtlpRequests.ToolRun("support");
        var valid = request.ToByteArray();
        using var content = body switch
        {
            "truncated-protobuf" => OtlpRequests.Content(valid[..(valid.Length - 7)], "application/x-protobuf"),
            "not-json" => OtlpRequests.Content("{\"resourceSpans\":[{"u8.ToArray(), "application/json"),
            "json-with-base64-ids" => OtlpRequests.Content(Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)), "application/json"),
            "json-array" => OtlpRequests.Content("[]"u8.ToArray(), "application/json"),
            "text-plain" => OtlpRequests.Content(valid, "text/plain"),
            "brotli" => OtlpRequests.Content(valid, "application/x-protobuf", "br"),
            "corrupt-gzip" => OtlpRequests.Content([.. Gzip(valid)[..20], .. new byte[40]], "application/x-protobuf", "gzip"),
            "oversized" => OtlpRequests.Content(new byte[OtlpServerFixture.MaxRequestBodyBytes + 1], "application/x-protobuf"),
            _ => OtlpRequests.Content(Gzip(new byte[OtlpServerFixture.MaxDecompressedBodyBytes * 4]), "application/x-protobuf", "gzip"),
        };
        var before = await LedgerEntriesAsync();
        using var agent = fixture.Server.Client(fixture.SupportKey);

        var (response, _, problem) = await OtlpRequests.PostAsync(agent, content);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem!.Value.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.Value.GetProperty("detail").GetString()));
        Assert.Equal(before, await LedgerEntriesAsync());
        var (_, runs) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs?correlationId={traceId}");
        Assert.Empty(runs.EnumerateArray());
    }

    /// <summary>An agent run as GenAI instrumentation records it: a model call, a retrieval and a tool call under <c>invoke_agent</c>.</summary>
    private static string RunAgent(ActivitySource source, string? agentName = "support")
    {
        using var run = source.StartActivity("invoke_agent support")!;
        run.SetTag("gen_ai.operation.name", "invoke_agent");
        if (agentName is not null)
        {
            run.SetTag("gen_ai.agent.name", agentName);
        }

        using (var chat = source.StartActivity("chat gpt-4o", ActivityKind.Client)!)
        {
            chat.SetTag("gen_ai.operation.name", "chat");
            chat.SetTag("gen_ai.request.model", "gpt-4o");
            chat.SetTag("gen_ai.response.model", "gpt-4o-2024-08-06");
            chat.SetTag("gen_ai.usage.input_tokens", 120);
            chat.SetTag("gen_ai.usage.output_tokens", 30);
        }

        using (var retrieval = source.StartActivity("retrieval kb-orders", ActivityKind.Client)!)
        {
            retrieval.SetTag("gen_ai.operation.name", "retrieval");
            retrieval.SetTag("gen_ai.data_source.id", "kb-orders");
        }

        using (var tool = source.StartActivity("execute_tool lookup_order")!)
        {
            tool.SetTag("gen_ai.operation.name", "execute_tool");
            tool.SetTag("gen_ai.tool.name", "lookup_order");
            tool.SetTag("gen_ai.tool.call.id", "call_1");
            tool.SetTag("gen_ai.tool.call.arguments", """{"orderId":"o-7"}""");
            tool.SetTag("gen_ai.tool.call.result", """{"status":"shipped"}""");
        }

        return run.TraceId.ToHexString();
    }

    private TracerProvider TracerProvider(ActivitySource source, ExportProcessorType processor, string headers) =>
        OtlpSdk.TracerProvider(fixture.TracesEndpoint, source, processor, headers);

    private async Task<JsonElement> SingleRunAsync(string traceId)
    {
        var (_, runs) = await HttpJson.GetAsync(fixture.Operator, $"/api/v1/runs?correlationId={traceId}");
        return Assert.Single(runs.EnumerateArray());
    }

    /// <summary>How many entries the ledger holds: equal before and after means nothing was written.</summary>
    private async Task<long> LedgerEntriesAsync()
    {
        var (_, verification) = await HttpJson.GetAsync(fixture.Operator, "/api/v1/ledger/verify?full=true");
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
        return verification.GetProperty("entriesChecked").GetInt64();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }
}
