using Firebreak.Incidents;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>What the incident store must do on every backend; subclassed once per backend.</summary>
public abstract class IncidentStoreContract : StoreContractBase
{
    private IncidentStore? _store;
    private WebhookDeliveryStore? _deliveries;

    private IncidentStore Incidents => _store ?? throw new InvalidOperationException("Not initialized.");

    private WebhookDeliveryStore Deliveries => _deliveries ?? throw new InvalidOperationException("Not initialized.");

    private protected override Task SeedAsync()
    {
        var options = new IncidentOptions();
        options.Webhooks.Add(new WebhookOptions { Name = "pager", Url = new Uri("http://127.0.0.1:9/"), Events = { "incident.status" }, Secret = "s" });
        _store = new IncidentStore(Stores.Database, Stores.Writer, new WebhookOutbox(Options.Create(options)), new IncidentPages(Stores.Database, Options.Create(new EscalationOptions())));
        _deliveries = new WebhookDeliveryStore(Stores.Database, Stores.Writer);
        return Task.CompletedTask;
    }


    [Fact]
    public async Task Declare_NumbersIncidents_AndLinksARecurrenceWithin30Days()
    {
        var first = await DeclareAsync();
        Stores.Time.Advance(TimeSpan.FromDays(29));
        var second = await DeclareAsync();
        Stores.Time.Advance(TimeSpan.FromDays(31));
        var third = await DeclareAsync();

        Assert.Equal(("INC-1", "INC-2", "INC-3"), (first.Id, second.Id, third.Id));
        Assert.Null(first.RecurrenceOf);
        Assert.Equal("INC-1", second.RecurrenceOf);
        Assert.Null(third.RecurrenceOf);
        var listed = await Incidents.ListAsync(new IncidentQuery(AgentId: "support", Severity: Severity.Sev2), Ct);
        Assert.Equal(["INC-3", "INC-2", "INC-1"], listed.Select(i => i.Id));
    }

    [Fact]
    public async Task StatusChanges_AppendTimelineAndQueueWebhooks_OnlyWhenAllowed()
    {
        var incident = await DeclareAsync();

        var refused = await Incidents.ChangeStatusAsync(incident.Id, new ChangeStatusRequest(IncidentStatus.Closed), "dana", Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(3));
        var moved = await Incidents.ChangeStatusAsync(incident.Id, new ChangeStatusRequest(IncidentStatus.Mitigated, "killed"), "dana", Ct);

        Assert.Equal(WriteStatus.Conflict, refused.Status);
        Assert.Equal(WriteStatus.Created, moved.Status);
        Assert.Equal(Stores.Time.GetUtcNow(), moved.Value!.Milestones.Mitigated);
        var timeline = await Incidents.GetTimelineAsync(incident.Id, Ct);
        Assert.Equal([TimelineKind.Declared, TimelineKind.Status], timeline.Select(e => e.Kind));
        var pending = await Deliveries.PendingAsync(10, Stores.Time.GetUtcNow(), Ct);
        var (delivery, payload, _) = Assert.Single(pending);
        Assert.Equal("incident.status", delivery.Event);
        Assert.Contains("mitigated: killed", payload, StringComparison.Ordinal);

        await Deliveries.RecordAttemptAsync(delivery.Id, 1, 200, null, delivered: true, final: true, Ct);
        Assert.Empty(await Deliveries.PendingAsync(10, Stores.Time.GetUtcNow(), Ct));
        Assert.Equal("delivered", (await Deliveries.ListAsync(10, Ct))[0].Status);
    }

    [Fact]
    public async Task Impact_CountsTheAgentsEffectiveActionsInTheWindow()
    {
        var windowStart = Stores.Time.GetUtcNow();
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r1", 40m, order: "o-1", customer: 1), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r2", 40m, order: "o-2", customer: 1), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r3", 12.5m, order: "o-3", customer: 2), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r4", 99m, order: "o-4", customer: 3) with { Outcome = Firebreak.Ledger.ActionOutcome.Blocked }, Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(10));
        var incident = await DeclareAsync(windowStart);
        Stores.Time.Advance(TimeSpan.FromMinutes(10));
        await Stores.Ledger.RecordActionAsync(Samples.Refund("after", 40m, order: "o-9", customer: 9), Ct);
        await Incidents.UpdateAnalysisAsync(incident.Id, new UpdateAnalysisRequest(WindowEnd: windowStart.AddMinutes(15)), "dana", Ct);

        var impact = await Incidents.GetImpactAsync((await Incidents.GetAsync(incident.Id, Ct))!, Stores.Time.GetUtcNow(), Ct);

        Assert.Equal(3, impact.Actions);
        Assert.Equal(2, impact.Customers);
        Assert.Equal(3, impact.EntitiesByType["order"]);
        Assert.Equal(92.5m, impact.MoneyByCurrency["USD"]);
    }

    [Fact]
    public async Task ActionItemsAndCommunications_RoundTrip()
    {
        var incident = await DeclareAsync();

        await Incidents.AddActionItemAsync(incident.Id, new ActionItemRequest("cap refunds", "lee", new DateOnly(2026, 11, 20)), "dana", Ct);
        await Incidents.AddActionItemAsync(incident.Id, new ActionItemRequest("add case", "kim", new DateOnly(2026, 11, 21)), "dana", Ct);
        await Incidents.UpdateActionItemAsync(incident.Id, 2, new ActionItemRequest("add case", "kim", new DateOnly(2026, 11, 21), ActionItemStatus.InProgress), "dana", Ct);
        var deleted = await Incidents.DeleteActionItemAsync(incident.Id, 1, "dana", Ct);
        var missing = await Incidents.DeleteActionItemAsync(incident.Id, 1, "dana", Ct);
        await Incidents.RecordCommunicationAsync(incident.Id, CommunicationChannel.Customer, "s", "b", "2 hours", "dana", Ct);

        Assert.Equal(WriteStatus.Created, deleted.Status);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        var item = Assert.Single(await Incidents.GetActionItemsAsync(incident.Id, Ct));
        Assert.Equal((2, ActionItemStatus.InProgress), (item.Number, item.Status));
        var message = Assert.Single(await Incidents.GetCommunicationsAsync(incident.Id, Ct));
        Assert.Equal(("s", "b", "2 hours"), (message.Subject, message.Body, message.EstimatedResolution));
        Assert.Single(await Incidents.ListOpenForAgentAsync("support", Ct));
    }

    private async Task<Incident> DeclareAsync(DateTimeOffset? windowStart = null)
    {
        var request = new DeclareIncidentRequest("wrong refunds", ["support"], FailureClass.ToolMisuse, "dana", "SEV2", windowStart, Tool: "issue_refund");
        var (incident, _) = await Incidents.DeclareAsync(request, Severity.Sev2, null, "dana", Ct);
        return incident;
    }
}
