using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Cli.Tests.Rendering;

/// <summary>A hand-built decision trace of a support agent that refunds a customer, with payloads shaped as the contract describes.</summary>
internal static class SampleTrace
{
    public const string RunId = "run-812";
    public const string CorrelationId = "conv-47";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    public static DecisionTrace Refund()
    {
        var run = new RunRecord(RunId, "support-agent", CorrelationId, null, new ReleaseRef("rel-7"), RunStatus.Completed, Start, Start.AddSeconds(4));
        var arguments = Element(new { customerId = 47, amount = 120.5m });
        TraceItem[] items =
        [
            Item(1, LedgerEntryKinds.RunStarted, new { agentId = "support-agent", runId = RunId, correlationId = CorrelationId, release = new { releaseId = "rel-7" } }),
            Item(2, LedgerEntryKinds.Step, new AppendStepRequest(StepKind.Input, "customer-message", Element(new { text = "I was charged twice" }))),
            Item(3, LedgerEntryKinds.Step, new AppendStepRequest(StepKind.Retrieval, "orders", SourceIds: ["order:9001"])),
            Item(4, LedgerEntryKinds.Step, new AppendStepRequest(StepKind.ModelCall, "gpt-5", Element(new { tokens = 812 }))),
            Item(5, LedgerEntryKinds.Action, new RecordActionRequest(
                "support-agent",
                "refund-812-1",
                "issue_refund",
                arguments,
                ActionOutcome.Pending,
                RunId,
                Entities: ["customer:47", "ticket:812"],
                Amount: 120.5m,
                Currency: "USD")),
            Item(6, LedgerEntryKinds.ActionCompleted, new CompleteActionRequest("support-agent", "refund-812-1", ActionOutcome.Executed)),
            Item(7, LedgerEntryKinds.RunEnded, new EndRunRequest(RunStatus.Completed)),
        ];
        return new DecisionTrace(run, items);
    }

    private static TraceItem Item<T>(long seq, string kind, T payload) =>
        new(seq, kind, Start.AddMilliseconds(seq * 250), Element(payload), $"{seq:x2}ab34cd56ef7890");

    private static JsonElement Element<T>(T value) => JsonSerializer.SerializeToElement(value, FirebreakJson.Options);
}
