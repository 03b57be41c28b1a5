using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Compensation;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>
/// What every storage backend must do with toxic marks. The ledger holds a run before the suspicious window, two runs
/// inside it (one refunded, one only emailed) and one after it.
/// </summary>
public abstract class ToxicStoreContract : StoreContractBase
{
    private DateTimeOffset _windowStart;
    private DateTimeOffset _windowEnd;

    private ToxicStore Toxic => new(Stores.Database, Stores.Writer, Stores.Timeline);


    [Fact]
    public async Task Mark_AgentAndWindow_FlagsOnlyTheRunsStartedInsideIt_OnRecordsListsAndTraces()
    {
        var marking = await Toxic.MarkAsync(
            new BlastRadiusSelection(Agents: ["support"], Since: _windowStart, Until: _windowEnd, IncidentId: "inc-1"), "wrong refunds", "alice", null, Ct);

        Assert.Equal(new ToxicMarking(2, 2), marking);
        var inside = await Stores.Ledger.GetRunAsync("r-in-refund", Ct);
        Assert.Equal(new ToxicMark("wrong refunds", "alice", _windowEnd, "inc-1"), inside!.Toxic);
        Assert.NotNull((await Stores.Ledger.GetRunAsync("r-in-email", Ct))!.Toxic);
        Assert.Null((await Stores.Ledger.GetRunAsync("r-before", Ct))!.Toxic);
        Assert.Null((await Stores.Ledger.GetRunAsync("r-after", Ct))!.Toxic);
        Assert.Equal("wrong refunds", (await Stores.Ledger.GetTraceAsync("r-in-refund", Ct))!.Run.Toxic?.Reason);
        var listed = await Stores.Ledger.ListRunsAsync(new RunQuery(AgentId: "support", Limit: 10), Ct);
        Assert.Equal(["r-in-email", "r-in-refund"], listed.Where(r => r.Toxic is not null).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Mark_ByTool_FlagsOnlyRunsThatCalledIt()
    {
        var marking = await Toxic.MarkAsync(new BlastRadiusSelection(Tools: ["issue_refund"], Since: _windowStart), "refund storm", "alice", null, Ct);

        Assert.Equal(new ToxicMarking(1, 1), marking);
        Assert.NotNull((await Stores.Ledger.GetRunAsync("r-in-refund", Ct))!.Toxic);
        Assert.Null((await Stores.Ledger.GetRunAsync("r-in-email", Ct))!.Toxic);
    }

    [Fact]
    public async Task Mark_Again_KeepsTheFirstMarkAndCountsNothingNew()
    {
        await Toxic.MarkAsync(new BlastRadiusSelection(RunIds: ["r-in-refund"]), "first look", "alice", null, Ct);
        Stores.Time.Advance(TimeSpan.FromMinutes(3));

        var again = await Toxic.MarkAsync(new BlastRadiusSelection(RunIds: ["r-in-refund", "r-after"]), "second look", "bob", null, Ct);

        Assert.Equal(new ToxicMarking(2, 1), again);
        Assert.Equal("first look", (await Stores.Ledger.GetRunAsync("r-in-refund", Ct))!.Toxic?.Reason);
        Assert.Equal("second look", (await Stores.Ledger.GetRunAsync("r-after", Ct))!.Toxic?.Reason);
    }

    private protected override async Task SeedAsync()
    {
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", "r-before", "c-before"), Ct);
        await RecordAsync(Samples.Refund("good-1", runId: "r-before", order: "o-0", customer: 1));
        Stores.Time.Advance(TimeSpan.FromMinutes(5));
        _windowStart = Stores.Time.GetUtcNow();
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", "r-in-refund", "c-1"), Ct);
        await RecordAsync(Samples.Refund("bad-1", 40m, "r-in-refund", "o-1", customer: 47));
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", "r-in-email", "c-2"), Ct);
        await RecordAsync(new RecordActionRequest(
            "support", "email-1", "send_email", Samples.Json("""{"customerId":"47"}"""), ActionOutcome.Executed, RunId: "r-in-email", Entities: ["customer:47"]));
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        _windowEnd = Stores.Time.GetUtcNow();
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", "r-after", "c-3"), Ct);
    }

    private async Task RecordAsync(RecordActionRequest request) =>
        Assert.Equal(WriteStatus.Created, (await Stores.Ledger.RecordActionAsync(request, Ct)).Status);
}
