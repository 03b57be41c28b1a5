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

    private static ReplayedCall Call(string tool, string arguments) => new(tool, JsonDocument.Parse(arguments).RootElement);

    private static RegressionCase Case(string id) => new(
        id, "support", id, "run-1", JsonDocument.Parse("{}").RootElement, [], [], [new RegressionAssertion(AssertionKind.MustNotCall, "issue_refund")], "alice", DateTimeOffset.UnixEpoch);
}
