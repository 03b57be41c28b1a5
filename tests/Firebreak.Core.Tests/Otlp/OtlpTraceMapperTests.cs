using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Otlp;

namespace Firebreak.Core.Tests.Otlp;

public sealed class OtlpTraceMapperTests
{
    private const string Trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string RunSpan = "00f067aa0ba902b7";
    private const string ChatSpan = "00f067aa0ba902b8";
    private const string ToolSpan = "00f067aa0ba902b9";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAgentRun_BecomesOneRunWithItsStepsAndTheToolCallsAction()
    {
        var plan = Map(
            Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "support")),
            Span(ChatSpan, RunSpan, ("gen_ai.operation.name", "chat"), ("gen_ai.request.model", "gpt-4o"), ("gen_ai.usage.input_tokens", 10), ("gen_ai.usage.output_tokens", 2)),
            Span(ToolSpan, RunSpan, ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "issue_refund"), ("gen_ai.tool.call.arguments", """{"orderId":"o-1"}""")) with { IsError = true });

        var run = Assert.Single(plan.Runs);
        Assert.Empty(plan.Rejections);
        Assert.Equal($"otel-{Trace}-{RunSpan}", run.RunId);
        Assert.Equal(Trace, run.Start.CorrelationId);
        Assert.Equal("support", run.AgentId);
        Assert.Equal(RunStatus.Completed, run.End);
        Assert.Equal([StepKind.ModelCall, StepKind.ToolCall], run.Writes.Select(w => w.Step.Kind));
        Assert.Equal(12, run.Writes[0].Step.Data!.Value.GetProperty("inputTokens").GetInt64() + run.Writes[0].Step.Data!.Value.GetProperty("outputTokens").GetInt64());
        var action = run.Writes[1].Action!;
        Assert.Equal(ActionOutcome.Failed, action.Outcome);
        Assert.Equal($"otel:{Trace}:{ToolSpan}", action.IdempotencyKey);
        Assert.Equal("o-1", action.Arguments.GetProperty("orderId").GetString());
        Assert.Equal(run.RunId, action.RunId);
    }

    [Fact]
    public void ChildrenExportedBeforeTheirRunSpan_OpenTheRunTheRunSpanLaterEnds()
    {
        var early = Map(Span(ToolSpan, RunSpan, ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "lookup_order")));
        var late = Map(Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "support")));

        Assert.Equal(Assert.Single(early.Runs).RunId, Assert.Single(late.Runs).RunId);
        Assert.Null(early.Runs[0].End);
        Assert.Equal("support", early.Runs[0].AgentId);
        Assert.Equal(RunStatus.Completed, late.Runs[0].End);
    }

    [Fact]
    public void WithoutAnInvokeAgentSpan_TheTraceRootIsTheRun_AndANestedAgentIsARunOfItsOwn()
    {
        const string Nested = "00f067aa0ba902c1";
        const string NestedChat = "00f067aa0ba902c2";
        var plan = Map(
            Span(RunSpan, null, ("http.route", "/tickets")),
            Span(ChatSpan, RunSpan, ("gen_ai.operation.name", "chat")),
            Span(Nested, RunSpan, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "billing")),
            Span(NestedChat, Nested, ("gen_ai.operation.name", "chat")));

        Assert.Empty(plan.Rejections);
        Assert.Equal(2, plan.Runs.Count);
        var root = Assert.Single(plan.Runs, r => r.RunSpanId == RunSpan);
        Assert.Equal("support", root.AgentId);
        var nested = Assert.Single(plan.Runs, r => r.RunSpanId == Nested);
        Assert.Equal("billing", nested.AgentId);
        Assert.Equal(NestedChat, Assert.Single(nested.Writes).SpanId);
        Assert.All(plan.Runs, r => Assert.Equal(Trace, r.Start.CorrelationId));
    }

    [Theory]
    [InlineData("retrieval", null, StepKind.Retrieval)]
    [InlineData("embeddings", null, StepKind.Retrieval)]
    [InlineData(null, "kb-1", StepKind.Retrieval)]
    [InlineData("text_completion", null, StepKind.ModelCall)]
    [InlineData("generate_content", null, StepKind.ModelCall)]
    public void GenAiOperations_MapToTheirStepKinds(string? operation, string? dataSource, StepKind expected)
    {
        var attributes = new List<(string, object)>();
        if (operation is not null)
        {
            attributes.Add(("gen_ai.operation.name", operation));
        }

        if (dataSource is not null)
        {
            attributes.Add(("gen_ai.data_source.id", dataSource));
        }

        var plan = Map(Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent")), Span(ChatSpan, RunSpan, [.. attributes]));

        Assert.Equal(expected, Assert.Single(Assert.Single(plan.Runs).Writes).Step.Kind);
    }

    [Fact]
    public void AgentKeysForOneAgent_CannotRecordAnother_AndUnregisteredAgentsAreRejected()
    {
        var spans = new[]
        {
            Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent"), ("gen_ai.agent.name", "billing")),
            Span(ToolSpan, RunSpan, ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "charge")),
        };

        var forbidden = OtlpTraceMapper.Map(spans, _ => true, agent => agent == "support");
        var unknown = OtlpTraceMapper.Map(spans, agent => agent == "support", _ => true);

        Assert.Empty(forbidden.Runs);
        Assert.Equal(2, forbidden.Rejections.Count);
        Assert.All(forbidden.Rejections, r => Assert.Contains("may not record runs of agent 'billing'", r.Reason, StringComparison.Ordinal));
        Assert.Empty(unknown.Runs);
        Assert.All(unknown.Rejections, r => Assert.Contains("not a registered agent", r.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("00000000000000000000000000000000", RunSpan)]
    [InlineData(Trace, "0000000000000000")]
    [InlineData("4bf92f3577b34da6", RunSpan)]
    public void InvalidIds_AreRejected(string traceId, string spanId)
    {
        var plan = Map(Span(spanId, null, ("gen_ai.operation.name", "invoke_agent")) with { TraceId = traceId });

        Assert.Empty(plan.Runs);
        Assert.Single(plan.Rejections);
    }

    [Theory]
    [InlineData("""{"orderId":"o-1"}""", """{"orderId":"o-1"}""")]
    [InlineData("""["o-1"]""", """{"value":["o-1"]}""")]
    [InlineData("order o-1", """{"value":"order o-1"}""")]
    public void ToolArguments_AreRecordedAsAJsonObject(string captured, string expected)
    {
        var plan = Map(
            Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent")),
            Span(ToolSpan, RunSpan, ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "lookup_order"), ("gen_ai.tool.call.arguments", captured)));

        Assert.Equal(expected, Assert.Single(plan.Runs).Writes[0].Action!.Arguments.GetRawText());
    }

    [Fact]
    public void FirebreakAttributes_GiveTheActionItsEntitiesAndAmount()
    {
        var plan = Map(
            Span(RunSpan, null, ("gen_ai.operation.name", "invoke_agent")),
            Span(ToolSpan, RunSpan, ("gen_ai.operation.name", "execute_tool"), ("gen_ai.tool.name", "issue_refund"),
                ("firebreak.entities", new List<string> { "order:o-1", "customer:47" }), ("firebreak.amount", "40.10"), ("firebreak.currency", "EUR")));

        var action = Assert.Single(plan.Runs).Writes[0].Action!;
        Assert.Equal(["order:o-1", "customer:47"], action.Entities!);
        Assert.Equal(40.10m, action.Amount);
        Assert.Equal("EUR", action.Currency);
    }

    private static OtlpIngestPlan Map(params OtlpSpan[] spans) => OtlpTraceMapper.Map(spans, agent => agent is "support" or "billing", _ => true);

    private static OtlpSpan Span(string spanId, string? parent, params (string Key, object Value)[] attributes) => new(
        Trace,
        spanId,
        parent,
        spanId,
        At,
        At.AddMilliseconds(5),
        false,
        null,
        attributes.ToDictionary(a => a.Key, a => JsonSerializer.SerializeToElement(a.Value), StringComparer.Ordinal),
        "support");
}
