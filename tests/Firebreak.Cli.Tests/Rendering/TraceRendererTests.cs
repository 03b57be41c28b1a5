using Firebreak.Cli.Rendering;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class TraceRendererTests
{
    private static readonly string[] InLedgerOrder =
        ["input customer-message", "retrieval orders", "model_call gpt-5", "issue_refund → pending", "issue_refund → executed"];

    private static string Render(params DecisionTrace[] traces)
    {
        using var console = new CapturedConsole();
        TraceRenderer.Render(console.Console, traces);
        return console.Output;
    }

    private static string LineOf(string output, string kind, string contains) =>
        Assert.Single(output.Split('\n'), l => l.Contains(kind, StringComparison.Ordinal) && l.Contains(contains, StringComparison.Ordinal));

    [Fact]
    public void Root_NamesRunAgentStatusAndCorrelation()
    {
        var output = Render(SampleTrace.Refund());

        var root = output.Split('\n')[0];
        Assert.Contains("run run-812", root, StringComparison.Ordinal);
        Assert.Contains("agent support-agent", root, StringComparison.Ordinal);
        Assert.Contains("completed", root, StringComparison.Ordinal);
        Assert.Contains("correlation conv-47", root, StringComparison.Ordinal);
    }

    [Fact]
    public void Action_ShowsToolOutcomeAmountEntitiesAndShortHash()
    {
        var line = LineOf(Render(SampleTrace.Refund()), "action ", "issue_refund");

        Assert.Contains("09:30:01.250", line, StringComparison.Ordinal);
        Assert.Contains("issue_refund → pending", line, StringComparison.Ordinal);
        Assert.Contains("120.50 USD", line, StringComparison.Ordinal);
        Assert.Contains("customer:47 ticket:812", line, StringComparison.Ordinal);
        Assert.Contains("key refund-812-1", line, StringComparison.Ordinal);
        Assert.Contains("#05ab34cd", line, StringComparison.Ordinal);
        Assert.DoesNotContain("#05ab34cd5", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ToxicMark_ShowsReasonActorAndIncident()
    {
        var trace = SampleTrace.Refund();
        var mark = new TraceItem(
            8,
            LedgerEntryKinds.ToxicMark,
            trace.Run.StartedAt.AddSeconds(5),
            System.Text.Json.JsonSerializer.SerializeToElement(new { runId = trace.Run.Id, reason = "refunded twice", markedBy = "oncall", incidentId = "INC-7" }),
            "08ab34cd56ef7890");

        var line = LineOf(Render(trace with { Items = [.. trace.Items, mark] }), "toxic_mark", "refunded");

        Assert.Contains("toxic: refunded twice, by oncall, incident INC-7", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ActionCompleted_NamesTheToolOfTheRecordedAction_AndItsFinalOutcome()
    {
        var line = LineOf(Render(SampleTrace.Refund()), "action_completed", "→");

        Assert.Contains("issue_refund → executed", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_ShowKindAndNameInLedgerOrder()
    {
        var output = Render(SampleTrace.Refund());

        var positions = InLedgerOrder
            .Select(text => output.IndexOf(text, StringComparison.Ordinal))
            .ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Step_ShowsItsDataAsCompactJson_AndItsSources()
    {
        var output = Render(SampleTrace.Refund());

        Assert.Contains("""input customer-message, data {"text":"I was charged twice"}""", LineOf(output, "step", "customer-message"), StringComparison.Ordinal);
        Assert.Contains("sources order:9001", LineOf(output, "step", "retrieval"), StringComparison.Ordinal);
    }

    [Fact]
    public void LongData_IsTruncatedWithAnEllipsis()
    {
        var trace = SampleTrace.Refund();
        var longData = System.Text.Json.JsonSerializer.SerializeToElement(new { text = new string('x', 500) });
        var item = trace.Items[1] with { Payload = System.Text.Json.JsonSerializer.SerializeToElement(new { kind = "input", data = longData }) };

        var line = LineOf(Render(trace with { Items = [item] }), "step", "input");

        Assert.Contains("…", line, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', TraceItemSummary.MaxJsonLength), line, StringComparison.Ordinal);
    }

    [Fact]
    public void MarkupCharactersInPayloads_AreShownLiterally()
    {
        var trace = SampleTrace.Refund();
        var item = trace.Items[1] with { Payload = System.Text.Json.JsonSerializer.SerializeToElement(new { kind = "input", name = "[red]boom[/]" }) };

        var output = Render(trace with { Items = [item] });

        Assert.Contains("input [red]boom[/]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralRunsOfOneCorrelation_GetAHeaderAndOneTreeEach()
    {
        var first = SampleTrace.Refund();
        var second = first with { Run = first.Run with { Id = "run-813", Status = RunStatus.Killed } };

        var output = Render(first, second);

        Assert.StartsWith("Correlation conv-47: 2 runs", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("run run-812", StringComparison.Ordinal) < output.IndexOf("run run-813", StringComparison.Ordinal));
        Assert.Contains("killed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKind_FallsBackToItsPayloadJson()
    {
        var trace = SampleTrace.Refund();
        var item = trace.Items[0] with { Kind = "control_changed", Payload = System.Text.Json.JsonSerializer.SerializeToElement(new { state = "killed" }) };

        var output = Render(trace with { Items = [item] });

        Assert.Contains("""control_changed  #01ab34cd {"state":"killed"}""", output, StringComparison.Ordinal);
    }
}
