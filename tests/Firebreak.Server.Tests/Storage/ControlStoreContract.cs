using Firebreak.Held;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Server.Control;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Storage;

/// <summary>
/// What every storage backend must do for containment: control epochs, approvals and held work. Subclassed once per
/// backend, like <see cref="StoreContract"/>.
/// </summary>
public abstract class ControlStoreContract : StoreContractBase
{


    [Fact]
    public async Task ConcurrentChanges_GetConsecutiveEpochs_EachInTheLedgerAndTheHistory()
    {
        var changes = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Stores.Control.ApplyAsync(Kill($"reason {i}"), ControlSnapshot.Empty, null, Ct)));

        Assert.Equal([1L, 2, 3, 4, 5], changes.Select(c => c.Recorded.Epoch).Order());
        Assert.Equal(5, (await Stores.Control.LoadAsync(Ct)).Epoch);
        var history = await Stores.Control.ListAsync("support", 10, Ct);
        Assert.Equal([5L, 4, 3, 2, 1], history.Select(h => h.Epoch));
        Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
        Assert.Equal(5, (await Stores.Ledger.VerifyAsync(Ct)).EntriesChecked);
    }

    [Fact]
    public async Task AChange_BuildsOnTheStoredSnapshot_EvenWhenTheCallerHeldAnOlderOne()
    {
        await Stores.Control.ApplyAsync(Kill("first"), ControlSnapshot.Empty, null, Ct);

        // What a node that missed the first change would pass: the store must not lose the first change.
        var (snapshot, _) = await Stores.Control.ApplyAsync(
            new ControlChange("op", "second", Stores.Time.GetUtcNow(), [ControlScope.ForTool("support", "send_email")], ControlMode.Shadow),
            ControlSnapshot.Empty,
            null,
            Ct);

        Assert.Equal(2, snapshot.Epoch);
        Assert.Equal(ControlMode.Killed, snapshot.Find("agent:support")!.Mode);
        Assert.Equal(ControlMode.Shadow, snapshot.Find("tool:support/send_email")!.Mode);
        Assert.Equal(2, (await Stores.Control.LoadAsync(Ct)).Settings.Count);
    }

    [Fact]
    public async Task Approvals_AreApprovedByACoveringRule_AndDecidedOnlyOnce()
    {
        await Stores.Approvals.CreateRuleAsync(new StandingRuleRequest("support", "issue_refund", TimeSpan.FromHours(1), "small", "amount", 20m), "op", Ct);

        var covered = await Stores.Approvals.CreateAsync(Request("k-1", 20m), TimeSpan.FromSeconds(45), Ct);
        var pending = await Stores.Approvals.CreateAsync(Request("k-2", 21m), TimeSpan.FromSeconds(45), Ct);
        var denied = await Stores.Approvals.DecideAsync(pending.Value!.Id, approve: false, "op", new OperatorDecision("no", "inc-1"), null, Ct);
        var again = await Stores.Approvals.DecideAsync(pending.Value.Id, approve: true, "op", new OperatorDecision(), null, Ct);

        Assert.Equal(ApprovalStatus.Approved, covered.Value!.Status);
        Assert.Equal(ApprovalStatus.Pending, pending.Value.Status);
        Assert.Equal(ApprovalStatus.Denied, denied.Value!.Status);
        Assert.Equal(WriteStatus.Conflict, again.Status);
        var stored = await Stores.Approvals.GetAsync(pending.Value.Id, Ct);
        Assert.Equal("inc-1", stored!.IncidentId);
        Assert.Equal(21m, stored.Amount);
        Assert.Single(await Stores.Approvals.ListAsync(ApprovalStatus.Denied, "support", 10, Ct));
    }

    [Fact]
    public async Task APendingApproval_ReadsAsExpired_AfterItsExpiry()
    {
        var created = await Stores.Approvals.CreateAsync(Request("k-3", 5m), TimeSpan.FromSeconds(45), Ct);

        Stores.Time.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(ApprovalStatus.Expired, (await Stores.Approvals.GetAsync(created.Value!.Id, Ct))!.Status);
        Assert.Single(await Stores.Approvals.ListAsync(ApprovalStatus.Expired, null, 10, Ct));
        Assert.Empty(await Stores.Approvals.ListAsync(ApprovalStatus.Pending, null, 10, Ct));
        Assert.Equal(WriteStatus.Conflict, (await Stores.Approvals.DecideAsync(created.Value.Id, approve: true, "op", new OperatorDecision(), null, Ct)).Status);
    }

    [Fact]
    public async Task AHeldItem_IsReleasedThenDeliveredOnce()
    {
        var item = await Stores.Held.HoldAsync(new HeldItemRequest("support", Samples.Json("""{"ticket":"T-1"}"""), "paused", "c-1"), Ct);

        var released = await Stores.Held.DecideAsync(item.Id, release: true, "op", new OperatorDecision("ok", "inc-2"), null, Ct);
        var delivered = await Stores.Held.DeliveredAsync(item.Id, "support-point-1", Ct);
        var twice = await Stores.Held.DeliveredAsync(item.Id, "support-point-2", Ct);

        Assert.Equal(HeldItemStatus.Released, released.Value!.Status);
        Assert.Equal(HeldItemStatus.Delivered, delivered.Value!.Status);
        Assert.Equal(WriteStatus.Conflict, twice.Status);
        var stored = await Stores.Held.GetAsync(item.Id, Ct);
        Assert.Equal("inc-2", stored!.IncidentId);
        Assert.Equal("support-point-1", stored.DeliveredTo);
        Assert.Equal("T-1", stored.Input.GetProperty("ticket").GetString());
        Assert.Single(await Stores.Held.ListAsync(HeldItemStatus.Delivered, "support", 10, Ct));
    }

    [Fact]
    public async Task AChange_CommitsWithItsTimelineEntry_WhichNamesTheEpoch()
    {
        var incident = await DeclareAsync();

        var (_, recorded) = await Stores.Control.ApplyAsync(
            Kill("wrong refunds") with { IncidentId = incident.Id },
            ControlSnapshot.Empty,
            applied => new TimelineAct(incident.Id, TimelineKind.Control, "op", $"killed agent:support at epoch {applied.Epoch}", applied),
            Ct);

        var entry = Assert.Single(await Stores.Incidents.GetTimelineAsync(incident.Id, Ct), e => e.Kind == TimelineKind.Control);
        Assert.Equal($"killed agent:support at epoch {recorded.Epoch}", entry.Text);
        Assert.Equal(recorded.Epoch, entry.Data!.Value.GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task AChange_WhoseTimelineEntryCannotBeWritten_IsNotStoredEither()
    {
        var incident = await DeclareAsync();

        // An entry without text is refused inside the write: the change it belongs to must roll back with it.
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Stores.Control.ApplyAsync(
            Kill("wrong refunds") with { IncidentId = incident.Id },
            ControlSnapshot.Empty,
            _ => new TimelineAct(incident.Id, TimelineKind.Control, "op", " "),
            Ct));

        Assert.Equal(0, (await Stores.Control.LoadAsync(Ct)).Epoch);
        Assert.Empty(await Stores.Control.ListAsync("support", 10, Ct));
        Assert.DoesNotContain(await Stores.Incidents.GetTimelineAsync(incident.Id, Ct), e => e.Kind == TimelineKind.Control);
        Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
    }

    private async Task<Incident> DeclareAsync()
    {
        var request = new DeclareIncidentRequest("wrong refunds", ["support"], FailureClass.ToolMisuse, "dana", "SEV2", Tool: "issue_refund");
        var (incident, _) = await Stores.Incidents.DeclareAsync(request, Severity.Sev2, null, "dana", Ct);
        return incident;
    }

    private ControlChange Kill(string reason) =>
        new("op", reason, Stores.Time.GetUtcNow(), [ControlScope.ForAgent("support")], ControlMode.Killed, "inc-1");

    private static ApprovalRequest Request(string key, decimal amount) =>
        new("support", "issue_refund", Samples.Json($$"""{"orderId":"o-1","amount":{{amount}}}"""), key, 1, Amount: amount, Currency: "USD");
}
