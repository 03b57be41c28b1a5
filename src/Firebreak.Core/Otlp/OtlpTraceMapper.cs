using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Otlp;

/// <summary>
/// Maps spans that follow the OpenTelemetry GenAI semantic conventions to runs, steps and actions (see
/// <c>docs/design/otlp-ingest.md</c> for the table). Pure: the caller says which agents are registered and which the
/// exporting key may record for, and writes the plan.
/// </summary>
/// <remarks>
/// <para>
/// The run a span belongs to is its nearest <c>invoke_agent</c> ancestor (itself, for an <c>invoke_agent</c> span), else
/// the root of its trace. Exporters send spans in batches as they end, so children usually arrive before the span of
/// their run: when a span's ancestry leaves the export, its missing parent is taken for its run span, which is what the
/// conventions nest <c>chat</c> and <c>execute_tool</c> spans under. Every id derives from the trace and span ids, so a
/// later batch, or a re-export, names the same run, steps and actions.
/// </para>
/// <para>
/// Spans that are neither GenAI operations nor run spans (HTTP, database, ...) are accepted and not recorded.
/// </para>
/// </remarks>
internal static class OtlpTraceMapper
{
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>The prefix of every run id and action idempotency key ingest writes.</summary>
    public const string IdPrefix = "otel";

    /// <summary>Maps <paramref name="spans"/>.</summary>
    /// <param name="spans">The export's spans, in any order.</param>
    /// <param name="isRegistered">Whether an agent id is in the registry.</param>
    /// <param name="mayRecordFor">Whether the exporting key may record runs of an agent.</param>
    public static OtlpIngestPlan Map(IReadOnlyList<OtlpSpan> spans, Func<string, bool> isRegistered, Func<string, bool> mayRecordFor)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(isRegistered);
        ArgumentNullException.ThrowIfNull(mayRecordFor);
        var rejections = new List<OtlpRejection>();
        var byId = new Dictionary<(string Trace, string Span), OtlpSpan>();
        foreach (var span in spans)
        {
            if (!IsHex(span.TraceId, 32) || !IsHex(span.SpanId, 16) || (span.ParentSpanId is { } parent && !IsHex(parent, 16)))
            {
                rejections.Add(new OtlpRejection(span.SpanId, "trace and span ids must be 16 and 8 bytes, not all zero"));
            }
            else
            {
                byId.TryAdd((span.TraceId, span.SpanId), span);
            }
        }

        var members = new Dictionary<(string Trace, string RunSpan), List<OtlpSpan>>();
        foreach (var span in byId.Values)
        {
            var kind = KindOf(span);
            if (kind == SpanKind.Other && span.ParentSpanId is not null)
            {
                continue;
            }

            var runSpan = RunSpanOf(span, byId);
            if (!members.TryGetValue((span.TraceId, runSpan), out var list))
            {
                list = [];
                members[(span.TraceId, runSpan)] = list;
            }

            list.Add(span);
        }

        var runs = new List<OtlpRunPlan>();
        foreach (var ((traceId, runSpanId), list) in members.OrderBy(m => m.Key.Trace, StringComparer.Ordinal).ThenBy(m => m.Key.RunSpan, StringComparer.Ordinal))
        {
            byId.TryGetValue((traceId, runSpanId), out var runSpan);
            var steps = list.Where(s => s.SpanId != runSpanId && KindOf(s) != SpanKind.Other)
                .OrderBy(s => s.StartTime).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList();
            if (steps.Count == 0 && (runSpan is null || KindOf(runSpan) != SpanKind.Run))
            {
                // A trace with no GenAI work in it (a root HTTP span alone, say) is not an agent run.
                continue;
            }

            var spansOfRun = runSpan is null ? steps : [runSpan, .. steps];
            if (AgentOf(runSpan, steps, isRegistered) is not { } agent)
            {
                rejections.AddRange(spansOfRun.Select(s => new OtlpRejection(s.SpanId, UnresolvedAgent(runSpan, steps))));
                continue;
            }

            if (!mayRecordFor(agent))
            {
                rejections.AddRange(spansOfRun.Select(s => new OtlpRejection(s.SpanId, $"this key may not record runs of agent '{agent}'")));
                continue;
            }

            var runId = $"{IdPrefix}-{traceId}-{runSpanId}";
            var start = new StartRunRequest(agent, runId, traceId, $"00-{traceId}-{runSpanId}-01");
            var writes = new List<OtlpSpanWrite>(steps.Count);
            foreach (var span in steps)
            {
                if (span.Text(GenAiAttributes.AgentName) is { } named && !string.Equals(named, agent, StringComparison.Ordinal))
                {
                    rejections.Add(new OtlpRejection(span.SpanId, $"the span names agent '{named}' but belongs to a run of agent '{agent}'"));
                    continue;
                }

                var write = Write(span, KindOf(span), agent, runId);
                var errors = LedgerValidator.Validate(write.Step);
                if (write.Action is { } action)
                {
                    var actionErrors = LedgerValidator.Validate(action);
                    if (!actionErrors.IsValid)
                    {
                        errors = actionErrors;
                    }
                }

                if (errors.IsValid)
                {
                    writes.Add(write);
                }
                else
                {
                    rejections.Add(new OtlpRejection(span.SpanId, $"the span cannot be recorded: {errors}"));
                }
            }

            var end = runSpan is null ? (RunStatus?)null : runSpan.IsError ? RunStatus.Failed : RunStatus.Completed;
            runs.Add(new OtlpRunPlan(start, runSpanId, end, writes));
        }

        return new OtlpIngestPlan(runs, rejections);
    }

    /// <summary>The idempotency key of the action an <c>execute_tool</c> span records.</summary>
    public static string IdempotencyKey(string traceId, string spanId) => $"{IdPrefix}:{traceId}:{spanId}";

    private static string RunSpanOf(OtlpSpan span, Dictionary<(string, string), OtlpSpan> byId)
    {
        var current = span;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (KindOf(current) == SpanKind.Run || current.ParentSpanId is null || !seen.Add(current.SpanId))
            {
                return current.SpanId;
            }

            if (!byId.TryGetValue((current.TraceId, current.ParentSpanId), out var parent))
            {
                return current.ParentSpanId;
            }

            current = parent;
        }
    }

    private static string? AgentOf(OtlpSpan? runSpan, List<OtlpSpan> steps, Func<string, bool> isRegistered)
    {
        // The run span speaks for the run; spans exported ahead of it speak for it until it arrives.
        var named = runSpan?.Text(GenAiAttributes.AgentName) ?? steps.Select(s => s.Text(GenAiAttributes.AgentName)).FirstOrDefault(n => n is not null);
        if (named is not null)
        {
            return isRegistered(named) ? named : null;
        }

        var service = runSpan?.ServiceName ?? steps.Select(s => s.ServiceName).FirstOrDefault(n => n is not null);
        return service is not null && isRegistered(service) ? service : null;
    }

    private static string UnresolvedAgent(OtlpSpan? runSpan, List<OtlpSpan> steps)
    {
        var named = runSpan?.Text(GenAiAttributes.AgentName) ?? steps.Select(s => s.Text(GenAiAttributes.AgentName)).FirstOrDefault(n => n is not null);
        if (named is not null)
        {
            return $"gen_ai.agent.name '{named}' is not a registered agent";
        }

        var service = runSpan?.ServiceName ?? steps.Select(s => s.ServiceName).FirstOrDefault(n => n is not null);
        return service is not null
            ? $"the run names no gen_ai.agent.name and service.name '{service}' is not a registered agent"
            : "the run names no gen_ai.agent.name and its resource no service.name";
    }

    private static OtlpSpanWrite Write(OtlpSpan span, SpanKind kind, string agentId, string runId)
    {
        var data = new JsonObject
        {
            ["operation"] = span.Text(GenAiAttributes.OperationName),
            ["durationMs"] = span.DurationMs,
            ["startedAt"] = span.StartTime,
            ["otel"] = new JsonObject { ["traceId"] = span.TraceId, ["spanId"] = span.SpanId, ["name"] = span.Name },
        };
        if (span.IsError)
        {
            data["error"] = span.StatusMessage ?? span.Text(GenAiAttributes.ErrorType) ?? "error";
        }

        switch (kind)
        {
            case SpanKind.ModelCall:
            {
                var model = span.Text(GenAiAttributes.ResponseModel) ?? span.Text(GenAiAttributes.RequestModel);
                data["model"] = span.Text(GenAiAttributes.RequestModel);
                data["responseModel"] = span.Text(GenAiAttributes.ResponseModel);
                data["inputTokens"] = span.Count(GenAiAttributes.InputTokens) ?? 0;
                data["outputTokens"] = span.Count(GenAiAttributes.OutputTokens) ?? 0;
                return new OtlpSpanWrite(span.SpanId, new AppendStepRequest(StepKind.ModelCall, model, Element(data)), null);
            }

            case SpanKind.Retrieval:
            {
                var source = span.Text(GenAiAttributes.DataSourceId);
                data["dataSourceId"] = source;
                data["model"] = span.Text(GenAiAttributes.RequestModel);
                return new OtlpSpanWrite(
                    span.SpanId, new AppendStepRequest(StepKind.Retrieval, source ?? span.Name, Element(data), source is null ? null : [source]), null);
            }

            default:
            {
                var tool = span.Text(GenAiAttributes.ToolName) ?? string.Empty;
                var outcome = span.IsError ? ActionOutcome.Failed : ActionOutcome.Executed;
                var arguments = Arguments(span);
                var result = Parsed(span, GenAiAttributes.ToolCallResult);
                data["tool"] = tool;
                data["callId"] = span.Text(GenAiAttributes.ToolCallId);
                data["outcome"] = JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());
                data["idempotencyKey"] = IdempotencyKey(span.TraceId, span.SpanId);
                var action = new RecordActionRequest(
                    agentId, IdempotencyKey(span.TraceId, span.SpanId), tool, arguments, outcome, runId, result,
                    Entities(span), Amount(span), span.Text(GenAiAttributes.FirebreakCurrency), span.TraceId, DurationMs: span.DurationMs);
                return new OtlpSpanWrite(span.SpanId, new AppendStepRequest(StepKind.ToolCall, tool, Element(data)), action);
            }
        }
    }

    /// <summary>The captured arguments as a JSON object: an object as sent, anything else kept under <c>value</c>, none as <c>{}</c>.</summary>
    private static JsonElement Arguments(OtlpSpan span) => Parsed(span, GenAiAttributes.ToolCallArguments) switch
    {
        null => Element(new JsonObject()),
        { ValueKind: JsonValueKind.Object } captured => captured,
        { } other => Element(new JsonObject { ["value"] = JsonNode.Parse(other.GetRawText()) }),
    };

    private static List<string>? Entities(OtlpSpan span) =>
        span.Attributes.TryGetValue(GenAiAttributes.FirebreakEntities, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())]
            : null;

    /// <summary>The amount as sent: a number, or a string holding one (exact, for amounts a double cannot hold).</summary>
    private static decimal? Amount(OtlpSpan span)
    {
        if (!span.Attributes.TryGetValue(GenAiAttributes.FirebreakAmount, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetDecimal(out var number) => number,
            JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    /// <summary>The attribute as JSON: instrumentations send arguments and results as JSON text, so a string holding JSON is parsed.</summary>
    private static JsonElement? Parsed(OtlpSpan span, string key)
    {
        if (!span.Attributes.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetString()!;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return value;
        }
    }

    /// <summary>The object as a JSON element, without its null members: a step carries what the span said, no placeholders.</summary>
    private static JsonElement Element(JsonObject node)
    {
        foreach (var key in node.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            node.Remove(key);
        }

        return JsonSerializer.SerializeToElement(node, FirebreakJson.Options);
    }

    private static SpanKind KindOf(OtlpSpan span) => span.Text(GenAiAttributes.OperationName) switch
    {
        GenAiAttributes.InvokeAgent => SpanKind.Run,
        GenAiAttributes.ExecuteTool => SpanKind.ToolCall,
        GenAiAttributes.Chat or GenAiAttributes.TextCompletion or GenAiAttributes.GenerateContent => SpanKind.ModelCall,
        GenAiAttributes.Retrieval or GenAiAttributes.Embeddings => SpanKind.Retrieval,
        _ when span.Text(GenAiAttributes.DataSourceId) is not null => SpanKind.Retrieval,
        _ => SpanKind.Other,
    };

    private static bool IsHex(string? value, int length) =>
        value is not null && value.Length == length && value.AsSpan().ContainsAnyExcept('0') && !value.AsSpan().ContainsAnyExcept(LowerHex);

    private enum SpanKind
    {
        Other,
        Run,
        ModelCall,
        ToolCall,
        Retrieval,
    }
}
