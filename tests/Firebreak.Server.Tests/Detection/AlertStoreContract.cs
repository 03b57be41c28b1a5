using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Server.Detection;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Detection;

/// <summary>What every storage backend must do with alerts and the detection cursor.</summary>
public abstract class AlertStoreContract : StoreContractBase
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly DetectorDefinition Storm = new(
        "refund-storm", DetectorKind.AmountRate, 4, Severity.Sev2, WindowSeconds: 10, Tool: "issue_refund", Measure: DetectorMeasure.Count);

    private AlertStore Alerts => new(Stores.Database, Stores.Writer, Stores.Timeline);

    private static DetectorFinding Finding(long seq, double seconds, string key = "issue_refund", string agent = "support") =>
        new(Storm, agent, key, $"{seq} refunds", [$"run-{seq}"], [seq], seq, T0.AddSeconds(seconds));

    [Fact]
    public async Task ANewFinding_RaisesAnOpenAlert_AndRepeatsWithinTheWindowUpdateIt()
    {
        var (raised, change) = await Alerts.RecordAsync(Finding(10, 0), Ct);
        var (repeated, again) = await Alerts.RecordAsync(Finding(20, 9), Ct);

        Assert.Equal(AlertChange.Raised, change);
        Assert.StartsWith("alt_", raised.Id, StringComparison.Ordinal);
        Assert.Equal(30, raised.Id.Length);
        Assert.Equal(AlertChange.Repeated, again);
        var stored = await Alerts.GetAsync(raised.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(raised.Id, repeated.Id);
        Assert.Equal(2, stored.Count);
        Assert.Equal(["run-10", "run-20"], stored.RunIds);
        Assert.Equal([10L, 20], stored.ActionSeqs);
        Assert.Equal(T0, stored.FirstSeenAt);
        Assert.Equal(T0.AddSeconds(9), stored.LastSeenAt);
        Assert.Equal("20 refunds", stored.Summary);
        Assert.Equal((FailureClass.ToolMisuse, Severity.Sev2, AlertStatus.Open), (stored.FailureClass, stored.Severity, stored.Status));
    }

    [Fact]
    public async Task TheSameLedgerEntryRecordedTwice_AsTwoNodesTailingTheLedgerDo_RaisesAndCountsOnce()
    {
        var first = await Alerts.RecordAsync(Finding(10, 0), Ct);
        var second = await new AlertStore(Stores.Database, Stores.Writer, Stores.Timeline).RecordAsync(Finding(10, 0), Ct);
        await Alerts.RecordAsync(Finding(20, 1), Ct);
        var replayed = await Alerts.RecordAsync(Finding(20, 1), Ct);

        Assert.Equal(AlertChange.Raised, first.Change);
        Assert.Equal(AlertChange.Unchanged, second.Change);
        Assert.Equal(AlertChange.Unchanged, replayed.Change);
        var alert = Assert.Single(await Alerts.ListAsync(new AlertQuery(), Ct));
        Assert.Equal(2, alert.Count);
    }

    [Fact]
    public async Task AFindingReplayedAfterItsAlertWasResolved_DoesNotRaiseItAgain()
    {
        var (alert, _) = await Alerts.RecordAsync(Finding(10, 0), Ct);
        await Alerts.ChangeStatusAsync(alert.Id, AlertStatus.Resolved, "alice", null, Ct);

        var replayed = await Alerts.RecordAsync(Finding(10, 0), Ct);

        Assert.Equal(AlertChange.Unchanged, replayed.Change);
        Assert.Single(await Alerts.ListAsync(new AlertQuery(), Ct));
    }

    [Fact]
    public async Task AfterResolution_OrOnceTheWindowPassed_TheSameFindingRaisesANewAlert()
    {
        var (first, _) = await Alerts.RecordAsync(Finding(10, 0), Ct);
        await Alerts.ChangeStatusAsync(first.Id, AlertStatus.Resolved, "alice", null, Ct);
        var (second, afterResolve) = await Alerts.RecordAsync(Finding(20, 1), Ct);
        var (third, afterWindow) = await Alerts.RecordAsync(Finding(30, 12), Ct);

        Assert.Equal(AlertChange.Raised, afterResolve);
        Assert.Equal(AlertChange.Raised, afterWindow);
        Assert.Equal([third.Id, second.Id, first.Id], (await Alerts.ListAsync(new AlertQuery(), Ct)).Select(a => a.Id));
    }

    [Fact]
    public async Task OtherKeysAndAgents_HaveTheirOwnAlerts()
    {
        await Stores.Registry.UpsertAsync(Samples.Support with { Id = "billing" }, "test", "tester", Ct);
        await Alerts.RecordAsync(Finding(10, 0), Ct);
        await Alerts.RecordAsync(Finding(11, 0, key: "customer:c-1"), Ct);
        await Alerts.RecordAsync(Finding(12, 0, agent: "billing"), Ct);

        Assert.Equal(3, (await Alerts.ListAsync(new AlertQuery(), Ct)).Count);
        Assert.Equal(2, (await Alerts.ListAsync(new AlertQuery(AgentId: "support"), Ct)).Count);
    }

    [Fact]
    public async Task Status_MovesForwardOnly_AndRepeatsKeepUpdatingAnAcknowledgedAlert()
    {
        var (alert, _) = await Alerts.RecordAsync(Finding(10, 0), Ct);

        var acknowledged = await Alerts.ChangeStatusAsync(alert.Id, AlertStatus.Acknowledged, "alice", null, Ct);
        var again = await Alerts.ChangeStatusAsync(alert.Id, AlertStatus.Acknowledged, "alice", null, Ct);
        var repeat = await Alerts.RecordAsync(Finding(20, 2), Ct);
        var resolved = await Alerts.ChangeStatusAsync(alert.Id, AlertStatus.Resolved, "alice", null, Ct);
        var back = await Alerts.ChangeStatusAsync(alert.Id, AlertStatus.Acknowledged, "alice", null, Ct);
        var missing = await Alerts.ChangeStatusAsync("alt_missing", AlertStatus.Resolved, "alice", null, Ct);

        Assert.Equal((WriteStatus.Created, AlertStatus.Acknowledged), (acknowledged.Status, acknowledged.Value!.Status));
        Assert.Equal(WriteStatus.Existing, again.Status);
        Assert.Equal((AlertChange.Repeated, 2), (repeat.Change, repeat.Alert.Count));
        Assert.Equal((WriteStatus.Created, AlertStatus.Resolved), (resolved.Status, resolved.Value!.Status));
        Assert.Equal(WriteStatus.Conflict, back.Status);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Equal(AlertStatus.Resolved, (await Alerts.GetAsync(alert.Id, Ct))!.Status);
    }

    [Fact]
    public async Task List_FiltersByAgentStatusAndLastSeen_NewestFirst_UpToTheLimit()
    {
        var (old, _) = await Alerts.RecordAsync(Finding(10, 0, key: "a"), Ct);
        var (middle, _) = await Alerts.RecordAsync(Finding(11, 60, key: "b"), Ct);
        var (recent, _) = await Alerts.RecordAsync(Finding(12, 120, key: "c"), Ct);
        await Alerts.ChangeStatusAsync(middle.Id, AlertStatus.Acknowledged, "alice", null, Ct);

        Assert.Equal([recent.Id, middle.Id], (await Alerts.ListAsync(new AlertQuery(Since: T0.AddSeconds(60)), Ct)).Select(a => a.Id));
        Assert.Equal([middle.Id], (await Alerts.ListAsync(new AlertQuery(Status: AlertStatus.Acknowledged), Ct)).Select(a => a.Id));
        Assert.Equal([recent.Id, old.Id], (await Alerts.ListAsync(new AlertQuery(Status: AlertStatus.Open), Ct)).Select(a => a.Id));
        Assert.Equal([recent.Id], (await Alerts.ListAsync(new AlertQuery(Limit: 1), Ct)).Select(a => a.Id));
        Assert.Empty(await Alerts.ListAsync(new AlertQuery(AgentId: "billing"), Ct));
    }

    [Fact]
    public async Task AnAlert_RemembersTheIncidentItDeclaredOrJoined()
    {
        var (alert, _) = await Alerts.RecordAsync(Finding(10, 0), Ct);

        var linked = await Alerts.SetIncidentAsync(alert.Id, "INC-7", null, Ct);

        Assert.Equal("INC-7", linked.Value!.IncidentId);
        Assert.Equal("INC-7", (await Alerts.GetAsync(alert.Id, Ct))!.IncidentId);
        Assert.Equal(WriteStatus.NotFound, (await Alerts.SetIncidentAsync("alt_missing", "INC-7", null, Ct)).Status);
    }

    [Fact]
    public async Task TheCursor_StartsUnset_AndOnlyMovesForward()
    {
        Assert.Null(await Alerts.GetCursorAsync(Ct));

        await Alerts.AdvanceCursorAsync(40, Ct);
        await Alerts.AdvanceCursorAsync(25, Ct);
        Assert.Equal(40, await Alerts.GetCursorAsync(Ct));

        await Alerts.AdvanceCursorAsync(41, Ct);
        Assert.Equal(41, await Alerts.GetCursorAsync(Ct));
    }
}
