using System.Net;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Incidents;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>Operator acts that name an incident land on its timeline by themselves, with actor and time.</summary>
public sealed class AutomaticTimelineTests
{
    [Fact]
    public async Task AKillNamingTheIncident_AppearsOnItsTimeline_WithTheOperatorAsActor()
    {
        await using var host = new IncidentHost();
        var declared = await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());

        var kill = await host.PostOkAsync<ControlChangeResult>(
            "/api/v1/control/changes?wait=0",
            new { target = "agent", agentId = "support", mode = "killed", reason = "wrong $40 refunds", incidentId = declared.Incident.Id });

        // The change is its own entry, written with it; its confirmations follow as a second one.
        var detail = await host.GetAsync<IncidentDetail>($"/api/v1/incidents/{declared.Incident.Id}");
        var entries = detail.Timeline.Where(e => e.Kind == TimelineKind.Control).ToList();
        Assert.Equal(2, entries.Count);
        var entry = entries[0];
        Assert.Equal("bootstrap", entry.Actor);
        Assert.Contains("killed", entry.Text, StringComparison.Ordinal);
        Assert.Contains("agent:support", entry.Text, StringComparison.Ordinal);
        Assert.Contains($"epoch {kill.Epoch}", entry.Text, StringComparison.Ordinal);
        Assert.Contains("wrong $40 refunds", entry.Text, StringComparison.Ordinal);
        Assert.Equal($"0 of 0 enforcement points confirmed epoch {kill.Epoch}", entries[1].Text);
    }

    [Fact]
    public async Task AChangeNamingAnUnknownIncident_IsRefused_AndChangesNothing()
    {
        await using var host = new IncidentHost();
        var before = await host.GetAsync<ControlSnapshot>("/api/v1/control/snapshot");

        using var response = await host.PostAsync(
            "/api/v1/control/changes?wait=0",
            new { target = "agent", agentId = "support", mode = "killed", reason = "typo", incidentId = "INC-404" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before.Epoch, (await host.GetAsync<ControlSnapshot>("/api/v1/control/snapshot")).Epoch);
    }

    [Fact]
    public async Task ApprovalDecisionsAndHeldReleases_NamingTheIncident_AppearOnItsTimeline()
    {
        await using var host = new IncidentHost();
        var declared = await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration());
        var approval = await host.PostOkAsync<Approval>(
            "/api/v1/approvals",
            new { agentId = "support", tool = "issue_refund", arguments = new { orderId = "o-1", amount = 40 }, idempotencyKey = "k-1", controlEpoch = 0 });
        var held = await host.PostOkAsync<HeldItem>("/api/v1/held", new { agentId = "support", input = new { ticket = "t-1" }, reason = "paused" });

        await host.PostOkAsync<Approval>($"/api/v1/approvals/{approval.Id}/deny", new { reason = "not entitled", incidentId = declared.Incident.Id });
        await host.PostOkAsync<HeldItem>($"/api/v1/held/{held.Id}/release", new { reason = "fixed", incidentId = declared.Incident.Id });

        var detail = await host.GetAsync<IncidentDetail>($"/api/v1/incidents/{declared.Incident.Id}");
        Assert.Contains(detail.Timeline, e => e.Kind == TimelineKind.Approval && e.Text.Contains("denied issue_refund", StringComparison.Ordinal));
        Assert.Contains(detail.Timeline, e => e.Kind == TimelineKind.Held && e.Text.Contains($"released held input {held.Id}", StringComparison.Ordinal));
    }
}
