using Firebreak.GameDays;
using Firebreak.Server.GameDays;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.GameDays;

/// <summary>What every storage backend must do with drill records.</summary>
public abstract class GameDayStoreContract : StoreContractBase
{
    private GameDayStore GameDays => new(Stores.Database, Stores.Writer);

    [Fact]
    public async Task Create_KeepsTheWholeReport_WithWhoRecordedItAndWhen()
    {
        var report = SampleDrills.KillSwitch();

        var stored = await GameDays.CreateAsync(report, "oncall-dana", Ct);
        var listed = await GameDays.ListAsync("support", OperatorDrills.KillSwitchName, 10, Ct);

        Assert.StartsWith("gd_", stored.Id, StringComparison.Ordinal);
        Assert.Equal(("oncall-dana", Stores.Time.GetUtcNow()), (stored.RecordedBy, stored.RecordedAt));
        var back = Assert.Single(listed);
        Assert.Equal(stored.Id, back.Id);
        Assert.Equal(report.Measurements, back.Report.Measurements with { WrongAmounts = report.Measurements.WrongAmounts });
        Assert.Equal(report.Checks, back.Report.Checks);
        Assert.Equal(report.Notes, back.Report.Notes);
        Assert.Equal(GameDayVerdict.Passed, back.Report.Verdict);
    }

    [Fact]
    public async Task List_FiltersByAgentAndScenario_NewestFirst_UpToTheLimit()
    {
        var first = await GameDays.CreateAsync(SampleDrills.KillSwitch(), "dana", Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await GameDays.CreateAsync(SampleDrills.KillSwitch(latencyMs: 2500), "dana", Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        await GameDays.CreateAsync(SampleDrills.KillSwitch("billing"), "dana", Ct);

        var support = await GameDays.ListAsync("support", null, 10, Ct);
        var killSwitch = await GameDays.ListAsync(null, OperatorDrills.KillSwitchName, 10, Ct);
        var rollback = await GameDays.ListAsync("support", OperatorDrills.RollbackName, 10, Ct);
        var latest = await GameDays.ListAsync("support", OperatorDrills.KillSwitchName, 1, Ct);

        Assert.Equal([second.Id, first.Id], support.Select(r => r.Id));
        Assert.Equal(3, killSwitch.Count);
        Assert.Empty(rollback);
        Assert.Equal(second.Id, Assert.Single(latest).Id);
        Assert.Equal(GameDayVerdict.Failed, latest[0].Report.Verdict);
    }
}
