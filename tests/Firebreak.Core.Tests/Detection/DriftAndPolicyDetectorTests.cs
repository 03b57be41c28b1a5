using Firebreak.Detection;
using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Detection;

/// <summary>Context drift (the tool mix shifts from its baseline; users report wrong actions) and policy bypass (guardrail hits).</summary>
public sealed class DriftAndPolicyDetectorTests
{
    private static readonly TimeSpan Ticket = TimeSpan.FromMilliseconds(200);

    private static readonly DetectorDefinition RefundShare = new(
        "refund-share", DetectorKind.ToolMixShift, 0.1m, WindowSeconds: 30, Tool: "issue_refund", Baseline: 0.1m, MinSamples: 40);

    [Fact]
    public void MixShift_FiresWhenRefundsGoFromOneCallInTenToOneInFour()
    {
        var good = new Traffic().Tickets(300, faulty: false, Ticket);
        var faulty = new Traffic().Tickets(300, faulty: true, Ticket);

        Assert.Empty(good.Detect(RefundShare));
        var findings = faulty.Detect(RefundShare);
        Assert.NotEmpty(findings);
        Assert.Equal("issue_refund", findings[0].DedupKey);
        Assert.Equal(FailureClass.ContextDrift, findings[0].Definition.FailureClass);
        Assert.Contains("against a baseline of 10 % and a limit of 20 %", findings[0].Summary, StringComparison.Ordinal);
        Assert.All(findings[0].ActionSeqs, seq => Assert.Contains(faulty.Events, e => e.Seq == seq && e.Tool == "issue_refund"));
    }

    [Fact]
    public void MixShift_Strict_NarrowsTheAllowedShift()
    {
        var traffic = new Traffic().Tickets(300, faulty: false, Ticket);

        Assert.Empty(traffic.Detect(RefundShare with { Baseline = 0.05m }));
        Assert.NotEmpty(traffic.Detect(RefundShare with { Baseline = 0.05m }, strict: true));
    }

    [Fact]
    public void Feedback_FiresOnTheThirdUserReportInTheWindow()
    {
        var detector = new DetectorDefinition("user-reports", DetectorKind.Feedback, 2, WindowSeconds: 300);
        var traffic = new Traffic().Tickets(100, faulty: true, Ticket);
        var runs = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var run = traffic.StartRun();
            traffic.Step(run, "feedback");
            runs.Add(run);
            traffic.Wait(TimeSpan.FromSeconds(60));
        }

        var finding = Assert.Single(traffic.Detect(detector));
        Assert.Equal(FailureClass.IntentMisclassification, finding.Definition.FailureClass);
        Assert.Equal("support", finding.DedupKey);
        Assert.Equal(runs, finding.RunIds);
        Assert.Empty(finding.ActionSeqs);
    }

    [Fact]
    public void Feedback_SpreadOverHours_StaysQuiet()
    {
        var detector = new DetectorDefinition("user-reports", DetectorKind.Feedback, 2, WindowSeconds: 300);
        var traffic = new Traffic();
        for (var i = 0; i < 10; i++)
        {
            var run = traffic.StartRun();
            traffic.Step(run, "feedback");
            traffic.Wait(TimeSpan.FromMinutes(3));
        }

        Assert.Empty(traffic.Detect(detector));
        Assert.NotEmpty(traffic.Detect(detector, strict: true));
    }

    [Fact]
    public void GuardrailHits_CountGuardrailStepsByTheirName_AsThePolicyBypassClass()
    {
        var detector = new DetectorDefinition("guardrail-hits", DetectorKind.GuardrailHits, 5, Severity.Sev2, WindowSeconds: 60);
        var traffic = new Traffic().Tickets(100, faulty: false, Ticket);
        Assert.Empty(traffic.Detect(detector));

        for (var i = 0; i < 6; i++)
        {
            var run = traffic.StartRun();
            traffic.Step(run, "guardrail");
            traffic.Wait(TimeSpan.FromSeconds(5));
        }

        var finding = Assert.Single(traffic.Detect(detector));
        Assert.Equal(FailureClass.PolicyBypass, finding.Definition.FailureClass);
        Assert.Contains("Guardrail hits reached 6 in 60 s, over the limit of 5", finding.Summary, StringComparison.Ordinal);
    }
}
