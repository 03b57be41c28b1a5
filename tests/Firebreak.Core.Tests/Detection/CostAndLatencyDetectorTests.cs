using Firebreak.Detection;
using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Cost and latency runaway: tokens, model calls or steps per run over a budget; p95 latency over baseline.</summary>
public sealed class CostAndLatencyDetectorTests
{
    private static readonly TimeSpan Ticket = TimeSpan.FromMilliseconds(200);

    [Theory]
    [InlineData(DetectorMeasure.Tokens, 5000, 2100)]
    [InlineData(DetectorMeasure.ModelCalls, 6, 3)]
    [InlineData(DetectorMeasure.Steps, 6, 3)]
    public void RunBudget_FiresOnTheRunThatKeepsCallingTheModel_NotOnNormalTickets(DetectorMeasure measure, int threshold, int normalUse)
    {
        var detector = new DetectorDefinition("budget", DetectorKind.RunBudget, threshold, Measure: measure);
        var traffic = new Traffic().Tickets(100, faulty: true, Ticket);
        Assert.Empty(traffic.Detect(detector));
        Assert.True(normalUse <= threshold);

        var run = traffic.StartRun("corr-runaway");
        for (var i = 0; i < 10; i++)
        {
            traffic.Step(run, "model_call", tokens: 900);
        }

        var findings = traffic.Detect(detector);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("corr-runaway", f.DedupKey));
        Assert.Equal([run], findings[0].RunIds);
        Assert.Equal(FailureClass.CostRunaway, findings[0].Definition.FailureClass);
    }

    [Fact]
    public void RunBudget_ForgetsEndedRuns_AndStrictHalvesTheBudget()
    {
        var detector = new DetectorDefinition("budget", DetectorKind.RunBudget, 3000, Measure: DetectorMeasure.Tokens);
        var traffic = new Traffic().Tickets(100, faulty: true, Ticket);

        Assert.Empty(traffic.Detect(detector));
        var strict = traffic.Detect(detector, strict: true);
        Assert.Equal(100, strict.Count);
        Assert.Contains("2100 tokens, over the budget of 1500 (strict)", strict[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_FiresWhenTheP95OfRefundsTriplesItsBaseline()
    {
        var detector = new DetectorDefinition("refund-latency", DetectorKind.Latency, 3, WindowSeconds: 30, Tool: "issue_refund", Baseline: 100, MinSamples: 10);
        var traffic = new Traffic();
        var run = traffic.StartRun();
        for (var i = 0; i < 100; i++)
        {
            traffic.Call(run, "issue_refund", $$"""{"n":{{i}}}""", durationMs: 80 + (i % 5 * 10));
            traffic.Wait(Ticket);
        }

        Assert.Empty(traffic.Detect(detector));
        Assert.Empty(traffic.Detect(detector with { Threshold = 1.5m }));
        Assert.NotEmpty(traffic.Detect(detector with { Threshold = 1.5m }, strict: true));
        for (var i = 0; i < 20; i++)
        {
            traffic.Call(run, "issue_refund", $$"""{"slow":{{i}}}""", durationMs: 900);
            traffic.Wait(Ticket);
        }

        var findings = traffic.Detect(detector);
        Assert.NotEmpty(findings);
        Assert.Contains("900 ms, over 300 ms", findings[0].Summary, StringComparison.Ordinal);
        Assert.Equal("issue_refund", findings[0].DedupKey);
    }

    [Fact]
    public void P95_IsTheNearestRank()
    {
        Assert.Equal(95, LatencyDetector.P95(Enumerable.Range(1, 100).Select(i => (decimal)i)));
        Assert.Equal(7, LatencyDetector.P95([7]));
        Assert.Equal(0, LatencyDetector.P95([]));
    }
}
