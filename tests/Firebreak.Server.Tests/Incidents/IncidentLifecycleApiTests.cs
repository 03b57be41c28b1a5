using System.Net;
using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Incidents;

public sealed class IncidentLifecycleApiTests
{
    internal static readonly string[] SupportOnly = ["support"];

    private static readonly string[] Responders = ["lee", "kim"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal static object Declaration(string severity = "P0", object? impact = null, string? tool = "issue_refund") => new
    {
        title = "Refunds of $40 issued to the wrong customers",
        agents = SupportOnly,
        failureClass = "tool-misuse",
        commander = "dana",
        severity,
        impact,
        tool,
    };

    [Fact]
    public async Task Declare_AcceptsAliases_AndRecordsADifferingSuggestionOnTheTimeline()
    {
        await using var host = new IncidentHost();

        var declared = await host.PostOkAsync<DeclaredIncident>(
            "/api/v1/incidents", Declaration("P2", new { customersAffected = 47, entitiesAffected = 312, moneyMoved = 12480m, currency = "USD", agentStillActing = true, userVisible = true }));

        Assert.Equal("INC-1", declared.Incident.Id);
        Assert.Equal("SEV3", declared.Incident.Severity);
        Assert.Equal(Severity.Sev1, declared.Suggestion!.Severity);
        Assert.NotEmpty(declared.Suggestion.Reasons);
        var detail = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        Assert.Equal([TimelineKind.Declared, TimelineKind.Severity], detail.Timeline.Select(e => e.Kind));
        Assert.Contains("SEV1", detail.Timeline[1].Text, StringComparison.Ordinal);
        Assert.Equal("classifier", detail.Timeline[1].Actor);
    }

    [Fact]
    public async Task Declare_WithoutSeverity_TakesTheSuggestion()
    {
        await using var host = new IncidentHost();

        var declared = await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", new
        {
            title = "t", agents = SupportOnly, failureClass = "other", commander = "dana", impact = new { caughtBeforeUserImpact = true },
        });

        Assert.Equal("SEV4", declared.Incident.Severity);
    }

    [Fact]
    public async Task IllegalTransition_Is409_NamingTheAllowedMoves_AndChangesNothing()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());

        using var response = await host.PostAsync("/api/v1/incidents/INC-1/status", new { status = "closed" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("only a resolved incident can be closed", detail, StringComparison.Ordinal);
        Assert.Contains("Allowed moves from declared: investigating, mitigated, resolved", detail, StringComparison.Ordinal);
        var incident = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        Assert.Equal(IncidentStatus.Declared, incident.Incident.Status);
        Assert.Single(incident.Timeline);
    }

    [Fact]
    public async Task List_FiltersBySeverityAliasAndStatus_AndNamesEveryBadFilterAtOnce()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration("SEV1"));
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration("SEV3"));

        var critical = await host.GetAsync<Incident[]>("/api/v1/incidents?severity=P0&status=declared&failureClass=tool-misuse");
        using var bad = await host.Client.GetAsync(new Uri("/api/v1/incidents?severity=SEV9&status=3&failureClass=gremlins", UriKind.Relative), Ct);

        Assert.Equal("INC-1", Assert.Single(critical).Id);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync(Ct));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(["failureClass", "severity", "status"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Milestones_AreStampedWhenReached_AndStayChronological()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());

        host.Time.Advance(TimeSpan.FromMinutes(4));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "investigating" });
        host.Time.Advance(TimeSpan.FromMinutes(6));
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "mitigated", note = "agent killed" });
        host.Time.Advance(TimeSpan.FromMinutes(50));
        var resolved = await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });

        var m = resolved.Milestones;
        Assert.Equal(IncidentHost.Start, m.Detected);
        Assert.Equal(IncidentHost.Start.AddMinutes(4), m.Acknowledged);
        Assert.Equal(IncidentHost.Start.AddMinutes(10), m.Mitigated);
        Assert.Equal(IncidentHost.Start.AddMinutes(60), m.Resolved);
        Assert.True(m.Validate().IsValid);
    }

    [Fact]
    public async Task SkippingToMitigated_StampsAcknowledgedToo()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());
        host.Time.Advance(TimeSpan.FromMinutes(1));

        var mitigated = await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "mitigated" });

        Assert.Equal(IncidentHost.Start.AddMinutes(1), mitigated.Milestones.Acknowledged);
        Assert.Equal(IncidentHost.Start.AddMinutes(1), mitigated.Milestones.Mitigated);
    }

    [Fact]
    public async Task DeclareStatusAndSeverityChanges_AreChainedLedgerEntries()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "investigating" });
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/severity", new { severity = "SEV2", reason = "refunds stopped" });

        var ledger = host.Services.GetRequiredService<LedgerStore>();
        var verification = await ledger.VerifyAsync(Ct);

        Assert.True(verification.Valid, verification.ToString());
        Assert.Equal(3, verification.EntriesChecked);
        var detail = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        Assert.Equal("SEV2", detail.Incident.Severity);
        Assert.Contains("refunds stopped", detail.Timeline[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolesNotesAndActionItems_LandOnTheTimeline()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());

        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/roles", new { scribe = "sam", responders = Responders });
        await host.PostOkAsync<IncidentTimelineEntry>("/api/v1/incidents/INC-1/notes", new { text = "refund tool returns 200 for wrong ids" });
        await host.PostOkAsync<IncidentActionItem>("/api/v1/incidents/INC-1/actions", new { text = "add amount cap", owner = "lee", due = "2026-11-20" });
        using var update = await host.Client.PutAsync(
            new Uri("/api/v1/incidents/INC-1/actions/1", UriKind.Relative),
            new StringContent("""{"text":"add amount cap","owner":"lee","due":"2026-11-20","status":"done"}""", System.Text.Encoding.UTF8, "application/json"),
            Ct);

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var detail = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        Assert.Equal("sam", detail.Incident.Scribe);
        Assert.Equal(["lee", "kim"], detail.Incident.Responders);
        Assert.Equal(ActionItemStatus.Done, Assert.Single(detail.ActionItems).Status);
        Assert.Equal(
            [TimelineKind.Declared, TimelineKind.Role, TimelineKind.Note, TimelineKind.Note, TimelineKind.Note],
            detail.Timeline.Select(e => e.Kind));
        Assert.Equal("bootstrap", detail.Timeline[2].Actor);
    }

    [Fact]
    public async Task IncidentTimeline_AppendsForOtherFeatures()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration());
        var timeline = host.Services.GetRequiredService<IncidentTimeline>();

        var entry = await timeline.AppendAsync(new TimelineAct("INC-1", TimelineKind.Control, "playbook:refund-storm", "support killed", new { mode = "killed", epoch = 7 }), Ct);
        var missing = await timeline.AppendAsync(new TimelineAct("INC-404", TimelineKind.Control, "dana", "nothing"), Ct);

        Assert.NotNull(entry);
        Assert.Null(missing);
        var detail = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        var control = detail.Timeline[^1];
        Assert.Equal(TimelineKind.Control, control.Kind);
        Assert.Equal("playbook:refund-storm", control.Actor);
        Assert.Equal(7, control.Data!.Value.GetProperty("epoch").GetInt32());
    }

    [Fact]
    public async Task Overdue_FlagsFollowTheSeverityCadence_AndThePostmortemWindow()
    {
        await using var host = new IncidentHost();
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration("SEV1"));

        host.Time.Advance(TimeSpan.FromMinutes(30));
        var onTime = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var late = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        await host.PostOkAsync<IncidentCommunication>(
            "/api/v1/incidents/INC-1/communications", new { channel = "internal", impact = "47 customers", currentAction = "agent killed" });
        var updated = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");

        Assert.False(onTime.Deadlines.NextUpdate.IsOverdue);
        Assert.Equal(IncidentHost.Start.AddMinutes(30), onTime.Deadlines.NextUpdate.DueAt);
        Assert.True(late.Deadlines.NextUpdate.IsOverdue);
        Assert.False(updated.Deadlines.NextUpdate.IsOverdue);
        Assert.Equal(IncidentHost.Start.AddMinutes(61), updated.Deadlines.NextUpdate.DueAt);

        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "resolved" });
        host.Time.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        var postmortemLate = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");
        await host.PostOkAsync<Incident>("/api/v1/incidents/INC-1/status", new { status = "closed" });
        var closed = await host.GetAsync<IncidentDetail>("/api/v1/incidents/INC-1");

        Assert.Null(postmortemLate.Deadlines.NextUpdate.DueAt);
        Assert.True(postmortemLate.Deadlines.Postmortem.IsOverdue);
        Assert.False(closed.Deadlines.Postmortem.IsOverdue);
    }

    [Fact]
    public async Task Communications_RenderTheTemplateFiles_AndAConfiguredFolderOverridesThem()
    {
        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(folder.File("chat.md"), "{{incident_id}} is {{status}}, next in {{next_update_in}}\n", Ct);
        await using var host = new IncidentHost(new Dictionary<string, string> { ["Firebreak:Incidents:TemplatesDirectory"] = folder.Path });
        await host.PostOkAsync<DeclaredIncident>("/api/v1/incidents", Declaration("SEV2"));

        var chat = await host.PostOkAsync<IncidentCommunication>(
            "/api/v1/incidents/INC-1/communications", new { channel = "chat", impact = "i", currentAction = "a" });
        var customer = await host.PostOkAsync<IncidentCommunication>(
            "/api/v1/incidents/INC-1/communications", new { channel = "customer", impact = "refunds may be wrong", currentAction = "a", feature = "Support chat" });

        Assert.Equal("INC-1 is Active, next in 1 hour", chat.Body);
        Assert.Null(chat.Subject);
        Assert.Equal("Service update: Support chat", customer.Subject);
        Assert.Contains("What you may notice: refunds may be wrong", customer.Body, StringComparison.Ordinal);
    }
}
