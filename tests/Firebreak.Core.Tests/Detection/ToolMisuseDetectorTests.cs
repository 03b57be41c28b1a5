using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Tool misuse: error rate and call rate over baseline, loops within a run, tools outside the catalog.</summary>
public sealed class ToolMisuseDetectorTests
{
    private static readonly TimeSpan Ticket = TimeSpan.FromMilliseconds(200);

    private static readonly DetectorDefinition Errors = new(
        "refund-errors", DetectorKind.ToolErrorRate, 0.5m, WindowSeconds: 60, Tool: "issue_refund", MinSamples: 5);

    private static readonly DetectorDefinition CallRate = new(
        "email-rate", DetectorKind.ToolCallRate, 2, WindowSeconds: 10, Tool: "send_email", Baseline: 50);

    private static readonly DetectorDefinition Loop = new("tool-loop", DetectorKind.ToolLoop, 3);

    private static readonly DetectorDefinition Unknown = new("unknown-tool", DetectorKind.UnknownTool, 0, Severity.Sev2);

    [Fact]
    public void ErrorRate_FiresWhenMostRefundsFail_OnceThereAreEnoughSamples()
    {
        var traffic = new Traffic().Tickets(30, faulty: false, Ticket);
        var run = traffic.StartRun();
        var failed = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            failed.Add(traffic.Call(run, "issue_refund", $$"""{"n":{{i}}}""", ActionOutcome.Failed, amount: 10));
        }

        var findings = traffic.Detect(Errors);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal("issue_refund", f.DedupKey));
        Assert.Equal(FailureClass.ToolMisuse, findings[0].Definition.FailureClass);
        Assert.All(findings[^1].ActionSeqs, seq => Assert.Contains(seq, failed));
        Assert.Contains("of", findings[0].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorRate_StaysQuiet_OnOccasionalFailures_AndBeforeMinSamples()
    {
        var traffic = new Traffic().Tickets(60, faulty: false, Ticket);
        var run = traffic.StartRun();
        traffic.Call(run, "issue_refund", "{}", ActionOutcome.Failed);
        traffic.Tickets(60, faulty: false, Ticket);
        var early = new Traffic();
        var earlyRun = early.StartRun();
        for (var i = 0; i < 4; i++)
        {
            early.Call(earlyRun, "issue_refund", $$"""{"n":{{i}}}""", ActionOutcome.Failed);
        }

        Assert.Empty(traffic.Detect(Errors));
        Assert.Empty(early.Detect(Errors));
        Assert.NotEmpty(traffic.Detect(Errors with { Threshold = 0.05m }, strict: true));
    }

    [Fact]
    public void CallRate_FiresWhenEmailsRunAtMoreThanTwiceTheirBaseline()
    {
        // 5 tickets a second, each emailing once: 50 emails in 10 s, the baseline; a loop emailing 3 times per ticket triples it.
        var normal = new Traffic().Tickets(200, faulty: false, Ticket);
        var storm = new Traffic().Tickets(50, faulty: false, Ticket);
        var run = storm.StartRun();
        for (var i = 0; i < 120; i++)
        {
            storm.Call(run, "send_email", $$"""{"n":{{i}}}""");
            storm.Wait(TimeSpan.FromMilliseconds(50));
        }

        Assert.Empty(normal.Detect(CallRate));
        var finding = storm.Detect(CallRate)[0];
        Assert.Equal("send_email", finding.DedupKey);
        Assert.Contains("over the limit of 100", finding.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(normal.Detect(CallRate with { Threshold = 1.6m }, strict: true));
    }

    [Fact]
    public void Loop_FiresOnTheFourthIdenticalCallOfARun_PerRequest()
    {
        var traffic = new Traffic().Tickets(50, faulty: true, Ticket);
        var run = traffic.StartRun("corr-loop");
        var seqs = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            seqs.Add(traffic.Call(run, "lookup_order", """{"orderId":"o-1"}"""));
        }

        traffic.Call(run, "lookup_order", """{"orderId":"o-2"}""");

        var finding = Assert.Single(traffic.Detect(Loop));
        Assert.Equal("corr-loop", finding.DedupKey);
        Assert.Equal(seqs, finding.ActionSeqs);
        Assert.Equal([run], finding.RunIds);
        Assert.Contains("the same arguments 4 times", finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_CountsPerRun_AndStrictFiresSooner()
    {
        var traffic = new Traffic();
        for (var r = 0; r < 10; r++)
        {
            var run = traffic.StartRun();
            traffic.Call(run, "lookup_order", """{"orderId":"o-1"}""");
            traffic.Call(run, "lookup_order", """{"orderId":"o-1"}""");
            traffic.EndRun(run);
        }

        Assert.Empty(traffic.Detect(Loop));
        Assert.Equal(10, traffic.Detect(Loop, strict: true).Count);
    }

    [Fact]
    public void UnknownTool_FiresOnACallOutsideTheCatalog_PerTool()
    {
        var traffic = new Traffic().Tickets(50, faulty: false, Ticket);
        Assert.Empty(traffic.Detect(Unknown));

        var run = traffic.StartRun();
        var seq = traffic.Call(run, "wire_money", """{"to":"x"}""", ActionOutcome.Blocked);
        traffic.Call(run, "wire_money", """{"to":"y"}""", ActionOutcome.Blocked);

        var findings = traffic.Detect(Unknown);
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal("wire_money", f.DedupKey));
        Assert.Equal([seq], findings[0].ActionSeqs);
    }
}
