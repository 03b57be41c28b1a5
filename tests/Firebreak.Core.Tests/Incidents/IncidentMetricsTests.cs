using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class IncidentMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static IncidentSummary Incident(
        string id,
        DateTimeOffset detected,
        int? ackMinutes = null,
        int? mitigateMinutes = null,
        int? resolveMinutes = null,
        string agent = "support-bot",
        Severity severity = Severity.Sev2,
        FailureClass failureClass = FailureClass.ToolMisuse,
        string? tool = "refund") =>
        new(id, agent, severity, failureClass, tool, new IncidentMilestones(
            detected,
            detected + Minutes(ackMinutes),
            detected + Minutes(mitigateMinutes),
            detected + Minutes(resolveMinutes)));

    private static TimeSpan? Minutes(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    [Fact]
    public void Summarize_AveragesEachMilestoneOverTheIncidentsThatReachedIt()
    {
        IncidentSummary[] incidents =
        [
            Incident("inc-1", T0, ackMinutes: 4, mitigateMinutes: 10, resolveMinutes: 120),
            Incident("inc-2", T0.AddDays(1), ackMinutes: 8, mitigateMinutes: 20, resolveMinutes: 60),
            Incident("inc-3", T0.AddDays(2), ackMinutes: 12),
        ];

        var times = IncidentMetrics.Summarize(incidents);

        Assert.Equal(new ResponseTimes(3, TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(90)), times);
    }

    [Fact]
    public void Summarize_OfNothingHasNoMeans()
    {
        Assert.Equal(new ResponseTimes(0, null, null, null), IncidentMetrics.Summarize([]));
    }

    [Fact]
    public void Summarize_KeepsSubMinutePrecision()
    {
        var times = IncidentMetrics.Summarize(
        [
            new IncidentSummary("a", "bot", Severity.Sev1, FailureClass.Other, null, new IncidentMilestones(T0, T0.AddSeconds(30))),
            new IncidentSummary("b", "bot", Severity.Sev1, FailureClass.Other, null, new IncidentMilestones(T0, T0.AddSeconds(45))),
        ]);

        Assert.Equal(TimeSpan.FromSeconds(37.5), times.MeanTimeToAcknowledge);
    }

    [Fact]
    public void Groupings_SplitTheMeansByAgentSeverityAndFailureClass()
    {
        IncidentSummary[] incidents =
        [
            Incident("inc-1", T0, ackMinutes: 2, resolveMinutes: 30, agent: "support-bot", severity: Severity.Sev1, failureClass: FailureClass.ToolMisuse),
            Incident("inc-2", T0, ackMinutes: 6, resolveMinutes: 90, agent: "support-bot", severity: Severity.Sev2, failureClass: FailureClass.ContextDrift),
            Incident("inc-3", T0, ackMinutes: 10, resolveMinutes: 240, agent: "billing-bot", severity: Severity.Sev2, failureClass: FailureClass.ToolMisuse),
        ];

        var byAgent = IncidentMetrics.ByAgent(incidents);
        var bySeverity = IncidentMetrics.BySeverity(incidents);
        var byClass = IncidentMetrics.ByFailureClass(incidents);

        Assert.Equal(new ResponseTimes(2, TimeSpan.FromMinutes(4), null, TimeSpan.FromMinutes(60)), byAgent["support-bot"]);
        Assert.Equal(new ResponseTimes(1, TimeSpan.FromMinutes(10), null, TimeSpan.FromMinutes(240)), byAgent["billing-bot"]);
        Assert.Equal(new ResponseTimes(1, TimeSpan.FromMinutes(2), null, TimeSpan.FromMinutes(30)), bySeverity[Severity.Sev1]);
        Assert.Equal(new ResponseTimes(2, TimeSpan.FromMinutes(8), null, TimeSpan.FromMinutes(165)), bySeverity[Severity.Sev2]);
        Assert.False(bySeverity.ContainsKey(Severity.Sev3));
        Assert.Equal(TimeSpan.FromMinutes(135), byClass[FailureClass.ToolMisuse].MeanTimeToResolve);
        Assert.Equal(TimeSpan.FromMinutes(90), byClass[FailureClass.ContextDrift].MeanTimeToResolve);
    }

    [Fact]
    public void Metrics_RefuseMilestonesOutOfOrder()
    {
        var broken = Incident("inc-9", T0, ackMinutes: 10, mitigateMinutes: 5);

        var error = Assert.Throws<ArgumentException>(() => IncidentMetrics.Summarize([broken]));
        Assert.Contains("inc-9", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, TimeSpan, bool> RecurrenceGaps => new()
    {
        { "a day later", TimeSpan.FromDays(1), true },
        { "29 days later", TimeSpan.FromDays(29), true },
        { "exactly 30 days later", TimeSpan.FromDays(30), true },
        { "30 days and a second later", TimeSpan.FromDays(30) + TimeSpan.FromSeconds(1), false },
        { "60 days later", TimeSpan.FromDays(60), false },
        { "at the same instant", TimeSpan.Zero, false },
    };

    [Theory]
    [MemberData(nameof(RecurrenceGaps))]
    public void Recurrence_CountsAnEarlierMatchWithinThePrevious30Days(string story, TimeSpan gap, bool recurs)
    {
        var first = Incident("inc-1", T0);
        var second = Incident("inc-2", T0 + gap);

        var report = IncidentMetrics.FindRecurrences([second, first]);

        Assert.True(recurs == (report.Recurrences.Count == 1), story);
        if (recurs)
        {
            Assert.Equal(new Recurrence("inc-2", "inc-1", new FailureSignature("support-bot", FailureClass.ToolMisuse, "refund")), report.Recurrences[0]);
            Assert.Equal(0.5, report.Rate);
        }
        else
        {
            Assert.Equal(0, report.Rate);
        }
    }

    private static readonly Dictionary<string, IncidentSummary> DifferentSignatures = new()
    {
        ["another agent"] = Incident("inc-2", T0.AddDays(1), agent: "billing-bot"),
        ["another failure class"] = Incident("inc-2", T0.AddDays(1), failureClass: FailureClass.ContextDrift),
        ["another tool"] = Incident("inc-2", T0.AddDays(1), tool: "send_email"),
        ["no tool"] = Incident("inc-2", T0.AddDays(1), tool: null),
        ["tool differing only in case"] = Incident("inc-2", T0.AddDays(1), tool: "Refund"),
    };

    [Theory]
    [InlineData("another agent")]
    [InlineData("another failure class")]
    [InlineData("another tool")]
    [InlineData("no tool")]
    [InlineData("tool differing only in case")]
    public void Recurrence_RequiresTheSameAgentFailureClassAndTool(string story)
    {
        var report = IncidentMetrics.FindRecurrences([Incident("inc-1", T0), DifferentSignatures[story]]);

        Assert.True(report.Recurrences.Count == 0, story);
    }

    [Fact]
    public void Recurrence_LinksToTheMostRecentEarlierIncidentAndReportsTheRate()
    {
        IncidentSummary[] incidents =
        [
            Incident("inc-1", T0),
            Incident("inc-2", T0.AddDays(10)),
            Incident("inc-3", T0.AddDays(20)),
            Incident("inc-4", T0.AddDays(90)),
            Incident("inc-5", T0.AddDays(5), failureClass: FailureClass.CostRunaway, tool: null),
        ];

        var report = IncidentMetrics.FindRecurrences(incidents);

        Assert.Equal(["inc-2->inc-1", "inc-3->inc-2"], report.Recurrences.Select(r => $"{r.IncidentId}->{r.PreviousIncidentId}"));
        Assert.Equal(5, report.Incidents);
        Assert.Equal(0.4, report.Rate, 10);
    }

    [Fact]
    public void Recurrence_WindowIsConfigurable()
    {
        var report = IncidentMetrics.FindRecurrences([Incident("inc-1", T0), Incident("inc-2", T0.AddDays(8))], TimeSpan.FromDays(7));

        Assert.Empty(report.Recurrences);
    }
}
