using Firebreak.Detection;
using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Financial anomalies: refunds or amounts per window, one customer refunded again and again, one refund over a cap.</summary>
public sealed class FinancialDetectorTests
{
    private static readonly TimeSpan Ticket = TimeSpan.FromMilliseconds(200);

    private static readonly DetectorDefinition RefundStorm = new(
        "refund-storm", DetectorKind.AmountRate, 4, Severity.Sev2, WindowSeconds: 2, Tool: "issue_refund", Measure: DetectorMeasure.Count, DeclareIncident: true);

    [Fact]
    public void RefundStorm_FiresOnTheFifthRefundOfTheFaultyRelease_WithTheRefundsAsEvidence()
    {
        var traffic = new Traffic().Tickets(30, faulty: true, Ticket);

        var findings = traffic.Detect(RefundStorm);

        var first = findings[0];
        Assert.Equal("refund-storm", first.Definition.Name);
        Assert.Equal(FailureClass.ToolMisuse, first.Definition.FailureClass);
        Assert.Equal("issue_refund", first.DedupKey);
        Assert.Equal(5, first.ActionSeqs.Count);
        Assert.Equal(5, first.RunIds.Count);
        Assert.Contains("issue_refund calls reached 5 in 2 s, over the limit of 4", first.Summary, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal("issue_refund", f.DedupKey));
    }

    [Fact]
    public void RefundStorm_StaysQuiet_OnTheGoodReleaseAtTheSamePace()
    {
        var traffic = new Traffic().Tickets(300, faulty: false, Ticket);

        Assert.Empty(traffic.Detect(RefundStorm));
    }

    [Fact]
    public void RefundStorm_FiresWhenTheReleaseTurnsFaultyMidStream()
    {
        var traffic = new Traffic().Tickets(100, faulty: false, Ticket);
        var before = traffic.LastSeq;
        traffic.Tickets(20, faulty: true, Ticket);

        var finding = Assert.Single(traffic.Detect(RefundStorm).Take(1));
        Assert.True(finding.Seq > before);
    }

    [Fact]
    public void Strict_LowersTheLimit_SoASlowerStormFiresToo()
    {
        // One refund every 600 ms: at most 4 in 2 s, under the limit of 4; strict halves it to 2.
        var traffic = new Traffic().Tickets(30, faulty: true, TimeSpan.FromMilliseconds(600));

        Assert.Empty(traffic.Detect(RefundStorm));
        var strict = traffic.Detect(RefundStorm, strict: true);
        Assert.NotEmpty(strict);
        Assert.Contains("(strict)", strict[0].Summary, StringComparison.Ordinal);
    }

    private static readonly DetectorDefinition RefundsPerRun = new(
        "refund-storm", DetectorKind.AmountRate, 0.6m, Severity.Sev2, WindowSeconds: 3, Tool: "issue_refund", MinSamples: 5, Measure: DetectorMeasure.PerRun, DeclareIncident: true);

    [Theory]
    [InlineData(5)]
    [InlineData(200)]
    [InlineData(2000)]
    public void RefundsPerRun_QuietOnTheGoodRelease_AtAnyPace(int intervalMs)
    {
        var traffic = new Traffic().Tickets(400, faulty: false, TimeSpan.FromMilliseconds(intervalMs));

        Assert.Empty(traffic.Detect(RefundsPerRun));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(200)]
    public void RefundsPerRun_FiresOnTheFifthRefundOfTheFaultyRelease_AtAnyPace(int intervalMs)
    {
        var traffic = new Traffic().Tickets(30, faulty: true, TimeSpan.FromMilliseconds(intervalMs));

        var first = traffic.Detect(RefundsPerRun)[0];

        Assert.Equal(5, first.ActionSeqs.Count);
        Assert.Equal("issue_refund", first.DedupKey);
        Assert.Contains("issue_refund calls reached 1 per run (5 in 5 runs in 3 s), over the limit of 0.6", first.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RefundsPerRun_FiresSoonAfterTheReleaseTurnsFaulty()
    {
        var traffic = new Traffic().Tickets(300, faulty: false, TimeSpan.FromMilliseconds(100));
        var before = traffic.Events.Count(e => e.Tool == "issue_refund");
        traffic.Tickets(40, faulty: true, TimeSpan.FromMilliseconds(100));

        var first = traffic.Detect(RefundsPerRun)[0];

        var wrongBeforeAlert = traffic.Events.Count(e => e.Seq <= first.Seq && e.Kind == DetectionEventKind.Action && e.Tool == "issue_refund") - before;
        Assert.InRange(wrongBeforeAlert, 1, 20);
    }

    [Fact]
    public void RefundsPerRun_Strict_FiresOnAHalfRate()
    {
        // Every other ticket refunded: 0.5 per run, under 0.6; strict lowers the limit to 0.3.
        var traffic = new Traffic();
        for (var i = 0; i < 20; i++)
        {
            var run = traffic.StartRun();
            if (i % 2 == 0)
            {
                traffic.Call(run, "issue_refund", $$"""{"n":{{i}}}""", amount: 40);
            }

            traffic.EndRun(run);
            traffic.Wait(TimeSpan.FromMilliseconds(100));
        }

        Assert.Empty(traffic.Detect(RefundsPerRun));
        Assert.NotEmpty(traffic.Detect(RefundsPerRun, strict: true));
    }

    [Fact]
    public void AmountRate_ByAmount_AddsUpTheRefundedMoney()
    {
        var detector = new DetectorDefinition("refund-amount", DetectorKind.AmountRate, 150, WindowSeconds: 10, Tool: "issue_refund");
        var traffic = new Traffic().Tickets(3, faulty: true, Ticket);

        Assert.Empty(traffic.Detect(detector));
        traffic.Tickets(1, faulty: true, Ticket);
        var finding = Assert.Single(traffic.Detect(detector));
        Assert.Contains("issue_refund amount reached 160 in 10 s, over the limit of 150", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AmountRate_ForgetsRefundsOlderThanItsWindow()
    {
        var traffic = new Traffic();
        for (var i = 0; i < 20; i++)
        {
            traffic.Tickets(4, faulty: true, Ticket).Wait(TimeSpan.FromSeconds(3));
        }

        Assert.Empty(traffic.Detect(RefundStorm));
    }

    [Fact]
    public void AmountRate_CountsRefundsAsTheyAreRecorded_NotBlockedOnes()
    {
        var traffic = new Traffic();
        var run = traffic.StartRun();
        for (var i = 0; i < 10; i++)
        {
            traffic.Call(run, "issue_refund", $$"""{"n":{{i}}}""", Firebreak.Ledger.ActionOutcome.Blocked, amount: 40);
        }

        Assert.Empty(traffic.Detect(RefundStorm));
    }

    [Fact]
    public void RepeatCustomer_FiresPerCustomer_WhenTheFaultyReleaseRefundsTheSameCustomersAgain()
    {
        var detector = new DetectorDefinition("refund-repeat-customer", DetectorKind.RepeatCustomer, 2, WindowSeconds: 600, Tool: "issue_refund");
        var faulty = new Traffic().Tickets(3 * 7, faulty: true, Ticket);
        var good = new Traffic().Tickets(300, faulty: false, Ticket);

        var findings = faulty.Detect(detector);

        Assert.Equal(
            [.. Enumerable.Range(1, 7).Select(c => $"customer:c-{c}")],
            findings.Select(f => f.DedupKey).Distinct().Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Equal(3, f.ActionSeqs.Count));
        // On the good release a customer's covered refunds come one in three of their tickets: every 4.2 s here.
        Assert.Empty(good.Detect(detector with { WindowSeconds = 8 }));
    }

    [Fact]
    public void AmountCap_FiresOnTheOneRefundOverTheCap_AlertingPerRequest()
    {
        var detector = new DetectorDefinition("refund-cap", DetectorKind.AmountCap, 500, Tool: "issue_refund");
        var traffic = new Traffic().Tickets(30, faulty: false, Ticket);
        var run = traffic.StartRun("corr-big");
        var seq = traffic.Call(run, "issue_refund", """{"amount":900}""", amount: 900, entities: ["customer:c-9"]);

        var finding = Assert.Single(traffic.Detect(detector));

        Assert.Equal("corr-big", finding.DedupKey);
        Assert.Equal([seq], finding.ActionSeqs);
        Assert.Equal([run], finding.RunIds);
        Assert.Single(traffic.Detect(detector with { Threshold = 1000 }, strict: true));
        Assert.Empty(traffic.Detect(detector with { Threshold = 1000 }));
    }
}
