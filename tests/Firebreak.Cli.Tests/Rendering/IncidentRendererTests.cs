using Firebreak.Cli.Rendering;
using Firebreak.Incidents;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class IncidentRendererTests
{
    private static readonly DateTimeOffset Detected = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Incident Sample = new(
        "INC-7", "Wrong refunds", ["support"], FailureClass.ToolMisuse, "issue_refund", "SEV1", IncidentStatus.Investigating, "dana", null, [],
        Detected, null, new IncidentMilestones(Detected, Detected.AddMinutes(4)), null, Detected, null, null, null, [], [], null, "INC-3", "dana");

    [Fact]
    public void Show_FlagsAnOverdueUpdate_AndListsTheTimeline()
    {
        using var console = new CapturedConsole();
        var detail = new IncidentDetail(
            Sample,
            new IncidentDeadlines(new Deadline(Detected.AddMinutes(30), true), Deadline.None),
            [new IncidentTimelineEntry(1, Detected, "dana", TimelineKind.Declared, "Declared SEV1")],
            [new IncidentActionItem(1, "cap refunds", "lee", new DateOnly(2026, 11, 20), ActionItemStatus.Open)],
            []);

        IncidentRenderer.RenderDetail(console.Console, detail);

        Assert.Matches(@"Next update\s+OVERDUE \(due 2026-11-02 09:30:00Z\)", console.Output);
        Assert.Matches(@"Recurrence of\s+INC-3", console.Output);
        Assert.Matches(@"1\s+│\s+2026-11-02 09:00:00Z\s+│\s+dana\s+│\s+declared\s+│\s+Declared SEV1", console.Output);
        Assert.Matches(@"cap refunds\s+│\s+lee\s+│\s+2026-11-20\s+│\s+open", console.Output);
    }

    [Fact]
    public void Show_WithNothingOverdue_SaysWhenTheNextUpdateIsDue()
    {
        using var console = new CapturedConsole();
        var detail = new IncidentDetail(Sample, new IncidentDeadlines(new Deadline(Detected.AddMinutes(30), false), Deadline.None), [], [], []);

        IncidentRenderer.RenderDetail(console.Console, detail);

        Assert.DoesNotContain("OVERDUE", console.Output, StringComparison.Ordinal);
        Assert.Matches(@"Next update\s+due 2026-11-02 09:30:00Z", console.Output);
    }

    [Fact]
    public void List_ShowsOneRowPerIncident()
    {
        using var console = new CapturedConsole();

        IncidentRenderer.RenderList(console.Console, [Sample]);

        Assert.Matches(@"INC-7\s+│\s+SEV1\s+│\s+investigating\s+│\s+Wrong refunds\s+│\s+support\s+│\s+dana\s+│\s+2026-11-02 09:00:00Z", console.Output);
    }

    [Fact]
    public void Declared_ShowsADifferingSuggestion()
    {
        using var console = new CapturedConsole();

        IncidentRenderer.RenderDeclared(console.Console, new DeclaredIncident(Sample, new SeverityClassification(Severity.Sev2, ["money moved"])));

        Assert.Contains("Classifier suggests SEV2: money moved", console.Output, StringComparison.Ordinal);
    }
}
