using System.Net;
using Firebreak.Auth;
using Firebreak.Incidents;
using Firebreak.Server.Auth;
using Firebreak.Server.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>
/// A SEV1 page on the real server with a fake clock driving the escalation scanner: it repeats and escalates on schedule
/// until acknowledged, and a restart on the same SQLite file neither loses nor doubles a step.
/// Policy: level 1 (primary) at once, repeated at +5 and +10 minutes; level 2 (secondary) at +15; given up at +25.
/// </summary>
public sealed class EscalationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static Dictionary<string, string> Settings(string receiverUrl) => new()
    {
        ["Firebreak:Incidents:Webhooks:0:Name"] = "primary",
        ["Firebreak:Incidents:Webhooks:0:Url"] = receiverUrl + "/primary",
        ["Firebreak:Incidents:Webhooks:0:Events:0"] = "incident.page_acknowledged",
        ["Firebreak:Incidents:Webhooks:0:Secret"] = "whsec_primary",
        ["Firebreak:Incidents:Webhooks:1:Name"] = "secondary",
        ["Firebreak:Incidents:Webhooks:1:Url"] = receiverUrl + "/secondary",
        ["Firebreak:Incidents:Webhooks:1:Events:0"] = "incident.update_overdue",
        ["Firebreak:Incidents:Webhooks:1:Secret"] = "whsec_secondary",
        ["Firebreak:Escalation:Policies:SEV1:Levels:0:Receivers:0"] = "primary",
        ["Firebreak:Escalation:Policies:SEV1:Levels:0:EscalateAfter"] = "00:15:00",
        ["Firebreak:Escalation:Policies:SEV1:Levels:0:RepeatEvery"] = "00:05:00",
        ["Firebreak:Escalation:Policies:SEV1:Levels:0:Repeats"] = "2",
        ["Firebreak:Escalation:Policies:SEV1:Levels:1:Receivers:0"] = "secondary",
        ["Firebreak:Escalation:Policies:SEV1:Levels:1:EscalateAfter"] = "00:10:00",
        ["Firebreak:Escalation:Policies:SEV1:Levels:1:Repeats"] = "0",
        ["Firebreak:Escalation:UpdateReminders"] = "false",
    };

    /// <summary>The page entries on the timeline as (minutes after declaration, kind, text), in order.</summary>
    internal static async Task<List<(double Minute, TimelineKind Kind, string Text)>> PageTrailAsync(IncidentHost host, string id = "INC-1")
    {
        var detail = await host.GetAsync<IncidentDetail>($"/api/v1/incidents/{id}");
        return detail.Timeline
            .Where(e => e.Kind is TimelineKind.Page or TimelineKind.PageAcknowledged || e.Actor == IncidentEscalation.Actor)
            .Select(e => ((e.At - IncidentHost.Start).TotalMinutes, e.Kind, e.Text))
            .ToList();
    }

    /// <summary>Advances the fake clock minute by minute, scanning after each.</summary>
    internal static async Task ScanEachMinuteAsync(IncidentHost host, int minutes)
    {
        var escalation = host.Services.GetRequiredService<IncidentEscalation>();
        for (var i = 0; i < minutes; i++)
        {
            host.Time.Advance(TimeSpan.FromMinutes(1));
            await escalation.ScanAsync(Ct);
        }
    }

    private static readonly (double, TimelineKind, string)[] FullSchedule =
    [
        (0, TimelineKind.Page, "Paged level 1 (primary): Refunds of $40 issued to the wrong customers"),
        (5, TimelineKind.Page, "Repeated page 1 to level 1 (primary): Refunds of $40 issued to the wrong customers; nobody has acknowledged."),
        (10, TimelineKind.Page, "Repeated page 2 to level 1 (primary): Refunds of $40 issued to the wrong customers; nobody has acknowledged."),
        (15, TimelineKind.Page, "Escalated to level 2 (secondary): Refunds of $40 issued to the wrong customers; nobody has acknowledged."),
        (25, TimelineKind.Note, "Escalation exhausted: nobody acknowledged the page to primary, secondary."),
    ];

    [Fact]
    public async Task AnUnacknowledgedSev1Page_RepeatsAndEscalatesOnSchedule_ThroughTheWebhookOutbox()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var host = new IncidentHost(Settings(receiver.Url));
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));

        await ScanEachMinuteAsync(host, 40);
        var trail = await PageTrailAsync(host);
        var page = await host.GetAsync<IncidentPage>("/api/v1/incidents/INC-1/page");
        var deliveries = await WebhookDeliveryTests.WaitForAsync(host, d => d.Count == 4 && d.All(x => x.Status == "delivered"));

        Assert.Equal(FullSchedule, trail);
        Assert.Equal(5, page.Sent);
        Assert.Equal(1, page.Level);
        Assert.Null(page.NextDueAt);
        Assert.Equal(["primary", "primary", "primary", "secondary"], deliveries.OrderBy(d => d.Id).Select(d => d.Webhook));
        Assert.All(deliveries, d => Assert.Equal("incident.page", d.Event));
        Assert.Equal(4, receiver.Requests.Count);
    }

    [Fact]
    public async Task AnAcknowledgedPage_StopsRepeatingAndEscalating_AndOnlyAnOperatorMayAcknowledge()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var host = new IncidentHost(Settings(receiver.Url));
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV2"));
        await ScanEachMinuteAsync(host, 6);
        var viewerKey = await host.Services.GetRequiredService<ApiKeyStore>().CreateAsync(new CreateApiKeyRequest("viewer", ApiKeyRole.Viewer, null, null), Ct);
        using var viewer = host.WithKey(viewerKey.Key);

        using var refused = await viewer.PostAsync(new Uri("/api/v1/incidents/INC-1/page/ack", UriKind.Relative), null, Ct);
        var acknowledged = await host.PostOkAsync<IncidentPage>("/api/v1/incidents/INC-1/page/ack", new { });
        using var again = await host.PostAsync("/api/v1/incidents/INC-1/page/ack", new { });
        using var noPage = await host.PostAsync("/api/v1/incidents/INC-2/page/ack", new { });
        using var noIncident = await host.PostAsync("/api/v1/incidents/INC-9/page/ack", new { });
        await ScanEachMinuteAsync(host, 60);
        var trail = await PageTrailAsync(host);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noPage.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noIncident.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(acknowledged.AcknowledgedBy);
        Assert.Equal(IncidentHost.Start.AddMinutes(6), acknowledged.AcknowledgedAt);
        Assert.Null(acknowledged.NextDueAt);
        Assert.Equal(
            [
                FullSchedule[0],
                FullSchedule[1],
                (6, TimelineKind.PageAcknowledged, $"Page acknowledged by {acknowledged.AcknowledgedBy} at level 1."),
            ],
            trail);
        var deliveries = await WebhookDeliveryTests.WaitForAsync(host, d => d.Count == 3 && d.All(x => x.Status == "delivered"));
        Assert.Equal(["incident.page", "incident.page", "incident.page_acknowledged"], deliveries.OrderBy(d => d.Id).Select(d => d.Event));
    }

    [Fact]
    public async Task MovingTheIncidentToInvestigating_AcknowledgesItsPage()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var host = new IncidentHost(Settings(receiver.Url));
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));
        await ScanEachMinuteAsync(host, 2);

        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "investigating" });
        await ScanEachMinuteAsync(host, 30);
        var trail = await PageTrailAsync(host);

        Assert.Equal([TimelineKind.Page, TimelineKind.PageAcknowledged], trail.Select(t => t.Kind));
        Assert.Equal(2, trail[1].Minute);
    }

    [Fact]
    public async Task ARestartInBetween_NeitherLosesNorDoublesAPage()
    {
        using var folder = new TempDirectory();
        var database = folder.File("firebreak.db");
        await using var receiver = await Receiver.StartAsync();
        await using (var first = new IncidentHost(Settings(receiver.Url), databasePath: database))
        {
            await first.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV1"));
            await ScanEachMinuteAsync(first, 7);
            Assert.Equal(FullSchedule[..2], await PageTrailAsync(first));
        }

        // The node is down from +7 to +12: the repeat due at +10 goes out when it is back, once; nothing sent before is sent again.
        await using var second = new IncidentHost(Settings(receiver.Url), databasePath: database);
        second.Time.Advance(TimeSpan.FromMinutes(12));
        var escalation = second.Services.GetRequiredService<IncidentEscalation>();
        await escalation.ScanAsync(Ct);
        await escalation.ScanAsync(Ct);
        var afterRestart = await PageTrailAsync(second);
        await ScanEachMinuteAsync(second, 20);
        var trail = await PageTrailAsync(second);

        Assert.Equal([FullSchedule[0], FullSchedule[1], (12, TimelineKind.Page, FullSchedule[2].Item3)], afterRestart);
        Assert.Equal([FullSchedule[0], FullSchedule[1], (12, TimelineKind.Page, FullSchedule[2].Item3), FullSchedule[3], FullSchedule[4]], trail);
    }

    [Fact]
    public async Task AnOverdueStatusUpdate_RaisesOneReminderPerMissedInterval()
    {
        await using var receiver = await Receiver.StartAsync();
        var settings = Settings(receiver.Url);
        settings["Firebreak:Escalation:UpdateReminders"] = "true";
        await using var host = new IncidentHost(settings);
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", IncidentLifecycleApiTests.Declaration("SEV2"));

        await ScanEachMinuteAsync(host, 61);
        var silent = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        await host.PostOkAsync<IncidentCommunication>(
            "/api/v1/incidents/INC-1/communications", new { channel = "internal", impact = "47 customers", currentAction = "agent on fallback" });
        await ScanEachMinuteAsync(host, 60);
        var afterUpdate = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        await ScanEachMinuteAsync(host, 1);
        var late = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");

        Assert.Equal([61], Reminders(silent));
        Assert.Equal([61], Reminders(afterUpdate));
        Assert.Equal([61, 122], Reminders(late));
        var deliveries = await WebhookDeliveryTests.WaitForAsync(host, d => d.Count == 2 && d.All(x => x.Status == "delivered"));
        Assert.All(deliveries, d => Assert.Equal(("secondary", "incident.update_overdue"), (d.Webhook, d.Event)));
    }

    private static double[] Reminders(IncidentDetail detail) =>
        [.. detail.Timeline.Where(e => e.Kind == TimelineKind.UpdateOverdue).Select(e => (e.At - IncidentHost.Start).TotalMinutes)];
}
