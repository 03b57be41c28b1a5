using Firebreak.Incidents;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// The refund story end to end: the support agent issues 312 wrong $40 refunds across 47 customers, the incident is
/// declared, contained and resolved through the API, and the postmortem's impact comes from the recorded actions.
/// With <c>FIREBREAK_WRITE_EXAMPLES=1</c> the postmortem is written to <c>docs/examples/postmortem-refund-storm.md</c>.
/// </summary>
public sealed class RefundStormPostmortemTests
{
    private static readonly string[] WentWell = ["The refund-rate detector fired within 12 minutes.", "One kill stopped every refund at once."];

    private static readonly string[] ToImprove = ["Refunds had no per-ticket amount cap.", "The prompt change shipped without a regression case."];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Postmortem_HasEverySection_AndImpactFromTheLedger()
    {
        await using var host = new IncidentHost();
        await RecordAsync(host, "before-window", outcome: "executed", ticket: 9000, customer: 9000);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var windowStart = host.Time.GetUtcNow();
        for (var i = 0; i < 312; i++)
        {
            await RecordAsync(host, $"refund-{i}", "executed", 1000 + i, 100 + (i % 47));
        }

        await RecordAsync(host, "blocked-1", outcome: "blocked", ticket: 5000, customer: 5000);
        host.Time.Advance(TimeSpan.FromMinutes(12));

        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", new
        {
            title = "Support agent refunds $40 on tickets that asked for none",
            agents = IncidentLifecycleApiTests.SupportOnly,
            failureClass = "intent-misclassification",
            commander = "dana",
            severity = "P0",
            tool = "issue_refund",
            windowStart,
        });
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "investigating" });
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "mitigated", note = "support agent killed; refunds stopped" });
        await host.PostOkAsync<IncidentCommunication>("/api/v1/incidents/INC-1/communications", new
        {
            channel = "customer", impact = "some refunds of $40 were issued in error", currentAction = "refunds paused", estimatedResolution = "2 hours",
        });
        host.Time.Advance(TimeSpan.FromMinutes(40));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/analysis", new
        {
            rootCause = "A prompt change made the agent read \"I was charged $40\" as a refund request; the refund tool accepted any ticket.",
            rootCauseOwner = "support-platform",
            summary = "For 17 minutes the support agent issued $40 refunds on 312 tickets of 47 customers who had not asked for one.",
            wentWell = WentWell,
            toImprove = ToImprove,
            windowEnd = host.Time.GetUtcNow(),
        });
        await host.PostOkAsync<IncidentActionItem>("/api/v1/incidents/INC-1/actions", new { text = "Cap refunds at the ticket's disputed amount", owner = "lee", due = "2026-11-16" });
        await host.PostOkAsync<IncidentActionItem>("/api/v1/incidents/INC-1/actions", new { text = "Turn this incident into a regression case", owner = "kim", due = "2026-11-09" });
        host.Time.Advance(TimeSpan.FromMinutes(20));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });

        var markdown = await host.GetTextAsync("/api/v1/incidents/INC-1/postmortem");

        string[] sections = ["## Summary", "## Timeline", "## Failure mode", "## Root cause", "## Impact", "## What went well", "## What to improve", "## Action items"];
        Assert.All(sections, s => Assert.Contains(s, markdown, StringComparison.Ordinal));
        Assert.Contains("- Wrong actions: 312", markdown, StringComparison.Ordinal);
        Assert.Contains("- Customers affected: 47", markdown, StringComparison.Ordinal);
        Assert.Contains("  - ticket: 312", markdown, StringComparison.Ordinal);
        Assert.Contains("- Money moved in error: 12,480.00 USD", markdown, StringComparison.Ordinal);
        Assert.Contains("support agent killed; refunds stopped", markdown, StringComparison.Ordinal);
        Assert.Contains("Cap refunds at the ticket's disputed amount", markdown, StringComparison.Ordinal);
        var export = await host.GetTextAsync("/api/v1/incidents/INC-1/export?format=markdown");
        Assert.Contains("## Communications", export, StringComparison.Ordinal);
        Assert.Contains("Service update: support", export, StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("FIREBREAK_WRITE_EXAMPLES") == "1")
        {
            var path = Path.Combine(RepositoryPaths.Root, "docs", "examples", "postmortem-refund-storm.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, markdown, Ct);
        }
    }

    private static async Task RecordAsync(IncidentHost host, string key, string outcome, int ticket, int customer)
    {
        using var response = await host.PostAsync("/api/v1/actions", new
        {
            agentId = "support",
            idempotencyKey = key,
            tool = "issue_refund",
            arguments = new { ticket, amount = 40 },
            outcome,
            entities = new[] { $"ticket:{ticket}", $"customer:{customer}" },
            amount = 40m,
            currency = "USD",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
