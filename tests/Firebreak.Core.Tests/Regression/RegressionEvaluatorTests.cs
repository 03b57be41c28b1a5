using System.Text.Json;
using Firebreak.Regression;

namespace Firebreak.Core.Tests.Regression;

public sealed class RegressionEvaluatorTests
{
    private static readonly ReplayTranscript GoodwillRun = new(
        [Call("lookup_order", """{"orderId":"o-1"}"""), Call("issue_refund", """{"orderId":"o-1","amount":40}"""), Call("close_ticket", """{"ticketId":"t-1"}""")],
        "Ticket t-1 closed: goodwill refund of 40 USD.");

    [Theory]
    [InlineData(AssertionKind.MustNotCall, "issue_refund", null, null, false)]
    [InlineData(AssertionKind.MustNotCall, "send_email", null, null, true)]
    [InlineData(AssertionKind.MustCall, "close_ticket", null, null, true)]
    [InlineData(AssertionKind.MustCall, "send_email", null, null, false)]
    [InlineData(AssertionKind.MaxAmount, "issue_refund", null, "0", false)]
    [InlineData(AssertionKind.MaxAmount, "issue_refund", null, "40", true)]
    [InlineData(AssertionKind.OutputContains, null, "closed", null, true)]
    [InlineData(AssertionKind.OutputNotContains, null, "GOODWILL", null, false)]
    public void EachAssertion_JudgesTheTranscript(AssertionKind kind, string? tool, string? text, string? max, bool passes)
    {
        var assertion = new RegressionAssertion(kind, tool, text, max is null ? null : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture));

        var outcome = Assert.Single(RegressionEvaluator.Evaluate([assertion], GoodwillRun));

        Assert.Equal(passes, outcome.Passed);
        Assert.Equal(passes, outcome.Failure is null);
        if (!passes)
        {
            Assert.StartsWith(assertion.Describe(), outcome.Failure, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"orderId":"o-1","amount":40}""", false)]
    [InlineData("""{"orderId":"o-1","amount":40.00}""", false)]
    [InlineData("""{"amount":40}""", false)]
    [InlineData("""{"orderId":"o-1","amount":12}""", true)]
    [InlineData("""{"orderId":"o-2","amount":40}""", true)]
    [InlineData("""{"orderId":"o-1","amount":40,"reason":"goodwill"}""", true)]
    public void MustNotCallWith_FailsOnlyWhenACallRepeatsEveryForbiddenArgument(string forbidden, bool passes)
    {
        var assertion = new RegressionAssertion(AssertionKind.MustNotCallWith, "issue_refund", Arguments: JsonDocument.Parse(forbidden).RootElement);

        var outcome = Assert.Single(RegressionEvaluator.Evaluate([assertion], GoodwillRun));

        Assert.Equal(passes, outcome.Passed);
        Assert.StartsWith("must not call issue_refund with {", assertion.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ANegativeCapture_ForbidsEachRecordedCallThatMovedMoney_OrEachCallOfTheNamedTools()
    {
        var trace = new Firebreak.Ledger.DecisionTrace(
            new Firebreak.Ledger.RunRecord("run-1", "support", "c-1", null, new Firebreak.Ledger.ReleaseRef(), Firebreak.Ledger.RunStatus.Completed, DateTimeOffset.UnixEpoch, null),
            [new Firebreak.Ledger.TraceItem(1, "step", DateTimeOffset.UnixEpoch, JsonDocument.Parse("""{"kind":"input","data":{"subject":"where is my order?"}}""").RootElement, "h")]);
        Firebreak.Ledger.ActionRecord[] actions =
        [
            Action(2, "issue_refund", """{"orderId":"o-1","amount":40,"currency":"USD"}""", 40m),
            Action(3, "issue_refund", """{"orderId":"o-1","amount":40,"currency":"USD"}""", 40m),
            Action(4, "close_ticket", """{"ticketId":"t-1"}""", null),
        ];

        var byMoney = RegressionCapture.FromRun(
            "reg_n", new CreateRegressionCaseRequest("run-1", [], Negative: true), trace, actions, "dana", DateTimeOffset.UnixEpoch, out _)!;
        var byTool = RegressionCapture.FromRun(
            "reg_t", new CreateRegressionCaseRequest("run-1", [new RegressionAssertion(AssertionKind.OutputNotContains, Text: "goodwill")], Negative: true, NegativeTools: ["close_ticket"]),
            trace, actions, "dana", DateTimeOffset.UnixEpoch, out _)!;
        var nothing = RegressionCapture.FromRun(
            "reg_x", new CreateRegressionCaseRequest("run-1", [], Negative: true, NegativeTools: ["send_email"]), trace, actions, "dana", DateTimeOffset.UnixEpoch, out var problem);

        var refund = Assert.Single(byMoney.Assertions);
        Assert.Equal((AssertionKind.MustNotCallWith, "issue_refund"), (refund.Kind, refund.Tool));
        Assert.Equal("""{"amount":40,"currency":"USD","orderId":"o-1"}""", Firebreak.Serialization.CanonicalJson.Serialize(refund.Arguments!.Value));
        Assert.Equal([AssertionKind.OutputNotContains, AssertionKind.MustNotCallWith], byTool.Assertions.Select(a => a.Kind));
        Assert.Equal("close_ticket", byTool.Assertions[1].Tool);
        Assert.Null(nothing);
        Assert.Contains("send_email", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheGate_IsOpenOnlyWhenEveryCasePassedItsLatestReplay()
    {
        var cases = new[] { Case("reg_a"), Case("reg_b") };
        var at = DateTimeOffset.UnixEpoch;
        RegressionResult[] results =
        [
            new("reg_a", "r1", false, ["x"], "ci", at),
            new("reg_a", "r1", true, [], "ci", at.AddMinutes(1)),
            new("reg_b", "r2", true, [], "ci", at),
        ];

        var onR1 = RegressionGate.Evaluate("support", "r1", cases, results);
        var onR2 = RegressionGate.Evaluate("support", "r2", cases, results);

        Assert.False(onR1.Open);
        Assert.Equal([GateCaseStatus.Passed, GateCaseStatus.NotReplayed], onR1.Cases.Select(c => c.Status));
        Assert.Equal(["reg_b"], onR1.FailingCases().Select(c => c.CaseId));
        Assert.False(onR2.Open);
        Assert.True(RegressionGate.Evaluate("support", "r1", [], results).Open);
    }

    private static Firebreak.Ledger.ActionRecord Action(long seq, string tool, string arguments, decimal? amount) => new(
        seq, "support", $"k-{seq}", tool, JsonDocument.Parse(arguments).RootElement, Firebreak.Serialization.CanonicalJson.Digest(JsonDocument.Parse(arguments).RootElement),
        Firebreak.Ledger.ActionOutcome.Executed, "run-1", null, [], amount, amount is null ? null : "USD", "c-1", null, DateTimeOffset.UnixEpoch, "h");

    private static ReplayedCall Call(string tool, string arguments) => new(tool, JsonDocument.Parse(arguments).RootElement);

    private static RegressionCase Case(string id) => new(
        id, "support", id, "run-1", JsonDocument.Parse("{}").RootElement, [], [], [new RegressionAssertion(AssertionKind.MustNotCall, "issue_refund")], "alice", DateTimeOffset.UnixEpoch);
}
