using Firebreak.Detection;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Ledger entries as detectors read them, from the canonical payloads the ledger stores.</summary>
public sealed class DetectionEventParserTests
{
    private static LedgerEntry Entry(string kind, string payload, string? runId = "run-1", string? agentId = "support") =>
        new(7, kind, runId, agentId, 1_793_523_600_000, payload, "prev", "hash");

    [Fact]
    public void AnAction_CarriesToolArgumentsOutcomeAmountEntitiesAndCorrelation()
    {
        var e = DetectionEventParser.Parse(Entry(
            LedgerEntryKinds.Action,
            """{"agentId":"support","idempotencyKey":"k-1","tool":"issue_refund","arguments":{"amount":40},"argumentsDigest":"d-1","outcome":"awaiting_approval","runId":"run-1","entities":["customer:c-1","order:o-1"],"amount":40.5,"currency":"USD","correlationId":"corr-1","durationMs":12}"""));

        Assert.NotNull(e);
        Assert.Equal(
            (7L, DetectionEventKind.Action, "support", "run-1", "corr-1", "issue_refund", "k-1", "d-1", ActionOutcome.AwaitingApproval, 40.5m, 12L),
            (e.Seq, e.Kind, e.AgentId, e.RunId, e.CorrelationId, e.Tool, e.IdempotencyKey, e.ArgumentsDigest, e.Outcome, e.Amount, e.DurationMs));
        Assert.Equal(["customer:c-1", "order:o-1"], e.Entities!);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_793_523_600_000), e.At);
    }

    [Fact]
    public void ACompletion_CarriesItsKeyOutcomeAndDuration()
    {
        var e = DetectionEventParser.Parse(Entry(LedgerEntryKinds.ActionCompleted, """{"agentId":"support","idempotencyKey":"k-1","outcome":"failed","error":"boom","durationMs":900}"""));

        Assert.Equal((DetectionEventKind.ActionCompleted, "k-1", ActionOutcome.Failed, 900L), (e!.Kind, e.IdempotencyKey, e.Outcome, e.DurationMs));
    }

    [Fact]
    public void AModelCallStep_CarriesItsTokens_AndAStepOfAKindAddedLater_KeepsItsName()
    {
        var model = DetectionEventParser.Parse(Entry(LedgerEntryKinds.Step, """{"kind":"model_call","name":"gpt","data":{"model":"gpt","inputTokens":1200,"outputTokens":300,"durationMs":850}}"""));
        var guardrail = DetectionEventParser.Parse(Entry(LedgerEntryKinds.Step, """{"kind":"guardrail","name":"pii","data":{"guardrail":"pii","verdict":"block"}}"""));

        Assert.Equal(("model_call", 1500L), (model!.StepKind, model.Tokens));
        Assert.Equal(("guardrail", "pii", 0L), (guardrail!.StepKind, guardrail.StepName, guardrail.Tokens));
    }

    [Fact]
    public void RunStarts_CarryTheirCorrelation_AndOtherEntriesAreNotRead()
    {
        var started = DetectionEventParser.Parse(Entry(LedgerEntryKinds.RunStarted, """{"runId":"run-1","agentId":"support","correlationId":"corr-9","release":{}}"""));

        Assert.Equal((DetectionEventKind.RunStarted, "corr-9"), (started!.Kind, started.CorrelationId));
        Assert.Null(DetectionEventParser.Parse(Entry(LedgerEntryKinds.ControlChange, "{}", runId: null)));
        Assert.Null(DetectionEventParser.Parse(Entry("incident_declared", "{}", runId: null)));
        Assert.Null(DetectionEventParser.Parse(Entry(LedgerEntryKinds.Step, """{"kind":"input"}""", agentId: null)));
    }
}
