using Firebreak.Incidents;

namespace Firebreak.Core.Tests.Incidents;

public sealed class PostmortemRendererTests
{
    private static readonly DateTimeOffset Detected = new(2026, 11, 20, 14, 2, 0, TimeSpan.Zero);

    private static readonly string[] Headings =
    [
        "## Summary",
        "## Timeline",
        "## Failure mode",
        "## Root cause",
        "## Impact",
        "## What went well",
        "## What to improve",
        "## Action items",
    ];

    private static readonly PostmortemDocument Refunds = new(
        IncidentId: "inc-42",
        Title: "Wrong refunds from the support agent",
        Severity: Severity.Sev1,
        Summary: "For 38 minutes the support agent refunded $40 on tickets that asked for no refund.",
        Timeline:
        [
            new TimelineEntry(Detected.AddMinutes(3), "dana", "Kill switch for support-bot"),
            new TimelineEntry(Detected, "detector:refund-rate", "Refund rate 6x baseline"),
            new TimelineEntry(Detected.AddMinutes(36), "compensation", "47 reversals | all confirmed"),
        ],
        FailureMode: "The agent treated every complaint as a refund request.",
        RootCause: null,
        RootCauseOwner: "lee",
        Impact: new PostmortemImpact(
            Actions: 47,
            EntitiesByType: new Dictionary<string, int> { ["ticket"] = 312, ["customer"] = 47 },
            Customers: 47,
            MoneyByCurrency: new Dictionary<string, decimal> { ["USD"] = 1_880m },
            Duration: TimeSpan.FromMinutes(38)),
        WentWell: ["The detector fired within two minutes."],
        ToImprove: ["Nobody knew who could approve the kill switch."],
        ActionItems:
        [
            new ActionItem("Add the complaint-as-refund case to the regression suite", "lee", new DateOnly(2026, 11, 27)),
            new ActionItem("Require approval for refunds over $20", "dana", new DateOnly(2026, 12, 4), ActionItemStatus.InProgress),
        ]);

    [Fact]
    public void ToMarkdown_HasEverySectionInOrder()
    {
        var markdown = PostmortemRenderer.ToMarkdown(Refunds);

        var lines = markdown.Split('\n');
        Assert.Equal(Headings, lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.StartsWith("# Postmortem: Wrong refunds from the support agent\n", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_KeepsEverySectionWhenTheDocumentIsEmpty()
    {
        var empty = Refunds with
        {
            Timeline = [],
            WentWell = [],
            ToImprove = [],
            ActionItems = [],
            Impact = new PostmortemImpact(0, new Dictionary<string, int>(), 0, new Dictionary<string, decimal>()),
        };

        var markdown = PostmortemRenderer.ToMarkdown(empty);

        Assert.Equal(Headings, markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
        Assert.Equal(4, markdown.Split("None recorded.").Length - 1);
        Assert.Contains("- Records affected: none\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- Money moved in error: none", markdown, StringComparison.Ordinal);
        Assert.Contains("- Duration: unknown", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_WritesTheTimelineChronologicallyAsATableWithEscapedCells()
    {
        var markdown = PostmortemRenderer.ToMarkdown(Refunds);

        Assert.Contains(
            """
            | Time (UTC) | Actor | Event |
            | --- | --- | --- |
            | 2026-11-20 14:02:00 | detector:refund-rate | Refund rate 6x baseline |
            | 2026-11-20 14:05:00 | dana | Kill switch for support-bot |
            | 2026-11-20 14:38:00 | compensation | 47 reversals \| all confirmed |
            """,
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_WritesTimesInUtc()
    {
        var shifted = Refunds with { Timeline = [new TimelineEntry(new DateTimeOffset(2026, 11, 20, 15, 2, 0, TimeSpan.FromHours(1)), "dana", "paged")] };

        Assert.Contains("| 2026-11-20 14:02:00 | dana | paged |", PostmortemRenderer.ToMarkdown(shifted), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_SaysPendingWithAnOwnerUntilTheRootCauseIsKnown()
    {
        Assert.Contains("## Root cause\n\nPending.\n\nOwner: lee\n", PostmortemRenderer.ToMarkdown(Refunds), StringComparison.Ordinal);

        var known = Refunds with { RootCause = "The intent prompt lost its refund examples in release 7.", RootCauseOwner = null };
        Assert.Contains("## Root cause\n\nThe intent prompt lost its refund examples in release 7.\n\nOwner: unassigned\n", PostmortemRenderer.ToMarkdown(known), StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_ReportsImpactByEntityTypeAndCurrency()
    {
        var markdown = PostmortemRenderer.ToMarkdown(Refunds);

        Assert.Contains(
            """
            - Wrong actions: 47
            - Customers affected: 47
            - Records affected:
              - customer: 47
              - ticket: 312
            - Money moved in error: 1,880.00 USD
            - Duration: 38 minutes
            """,
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_ListsActionItemsWithOwnerDueDateAndStatus()
    {
        var markdown = PostmortemRenderer.ToMarkdown(Refunds);

        Assert.EndsWith(
            """
            | Action | Owner | Due | Status |
            | --- | --- | --- | --- |
            | Add the complaint-as-refund case to the regression suite | lee | 2026-11-27 | open |
            | Require approval for refunds over $20 | dana | 2026-12-04 | in progress |

            """,
            markdown,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_KeepsMultiLineValuesFromBreakingTheStructure()
    {
        var tricky = Refunds with { Title = "Wrong\nrefunds", Summary = "First line.\r\n## Not a heading", WentWell = ["fast\n## detection"] };

        var markdown = PostmortemRenderer.ToMarkdown(tricky);

        Assert.StartsWith("# Postmortem: Wrong refunds\n", markdown, StringComparison.Ordinal);
        Assert.Contains("- fast ## detection\n", markdown, StringComparison.Ordinal);
        Assert.Contains("First line.\n\\## Not a heading\n", markdown, StringComparison.Ordinal);
        Assert.Equal(Headings, markdown.Split('\n').Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
    }
}
