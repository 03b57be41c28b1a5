using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Compensation;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>
/// What every storage backend must answer for a blast radius. The ledger holds the refund storm of a faulty release
/// (three runs, five refunds to two customers, one blocked), a good release's refund and an email outside the window.
/// </summary>
public abstract class BlastRadiusStoreContract : StoreContractBase
{
    private DateTimeOffset _stormStart;
    private DateTimeOffset _stormEnd;

    private BlastRadiusStore BlastRadius => new(Stores.Database);


    [Fact]
    public async Task Summarize_AgentToolAndWindow_CountsRunsActionsDistinctEntitiesAndExactMoney()
    {
        var radius = await BlastRadius.SummarizeAsync(
            new BlastRadiusSelection(Agents: ["support"], Tools: ["issue_refund"], Since: _stormStart, Until: _stormEnd), Ct);

        Assert.Equal(6, radius.Actions);
        Assert.Equal(3, radius.Runs);
        Assert.Equal([new EntityCount("order", 6), new EntityCount("customer", 2)], radius.Entities);
        Assert.Equal([new MoneyTotal("USD", 240.000006m, 6)], radius.Money);
        Assert.Equal(_stormStart, radius.FirstAt);
        Assert.Equal(_stormEnd.AddMinutes(-1), radius.LastAt);
        Assert.Equal("6 actions · 6 orders · 2 customers · USD 240.000006", BlastRadiusText.Summary(radius));
    }

    [Fact]
    public async Task Summarize_AnIdSharedByTwoTypesAndRepeatedAcrossActions_IsCountedOncePerType()
    {
        string[][] touched = [["customer:7", "ticket:7"], ["customer:7", "ticket:8"], ["ticket:7"]];
        for (var i = 0; i < touched.Length; i++)
        {
            await RecordAsync(new RecordActionRequest(
                "triage", $"triage-{i}", "close_ticket", Samples.Json("{}"), ActionOutcome.Executed, Entities: touched[i]));
        }

        var radius = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(Agents: ["triage"]), Ct);

        Assert.Equal(3, radius.Actions);
        Assert.Equal([new EntityCount("ticket", 2), new EntityCount("customer", 1)], radius.Entities);
    }

    [Fact]
    public async Task Summarize_IdsBeyondAsciiAndLongIds_AreCountedByTheirExactText()
    {
        // Ids that differ only in a non-ASCII letter, in case, or in a character beyond the stack buffer of one
        // 190-character id: the store compares UTF-8 bytes, as DISTINCT does in the database.
        var longId = new string('x', 189);
        string[][] touched =
        [
            ["customer:Müller", "customer:Muller", $"ticket:{longId}a"],
            ["customer:müller", "customer:Müller", $"ticket:{longId}b"],
            ["customer:日本", "customer:🔥", $"ticket:{longId}a"],
        ];
        for (var i = 0; i < touched.Length; i++)
        {
            await RecordAsync(new RecordActionRequest(
                "intake", $"intake-{i}", "close_ticket", Samples.Json("{}"), ActionOutcome.Executed, Entities: touched[i]));
        }

        var radius = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(Agents: ["intake"]), Ct);

        Assert.Equal([new EntityCount("customer", 5), new EntityCount("ticket", 2)], radius.Entities);
    }

    [Fact]
    public async Task Summarize_ByOutcome_LeavesTheBlockedRefundOut()
    {
        var radius = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(Tools: ["issue_refund"], Outcomes: [ActionOutcome.Executed], Releases: ["rel-bad"]), Ct);

        Assert.Equal(5, radius.Actions);
        Assert.Equal([new MoneyTotal("USD", 200.000005m, 5)], radius.Money);
    }

    [Fact]
    public async Task Summarize_ByRunAndCorrelation_MatchesAnyOfTheirValues()
    {
        var byRun = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(RunIds: ["r-1", "r-3"]), Ct);
        var byCorrelation = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(CorrelationIds: ["c-2"]), Ct);

        Assert.Equal(2, byRun.Runs);
        Assert.Equal(4, byRun.Actions);
        Assert.Equal(1, byCorrelation.Runs);
        Assert.Equal(2, byCorrelation.Actions);
    }

    [Fact]
    public async Task Summarize_ANoMatchSelection_IsZeroWithNoWindow()
    {
        var radius = await BlastRadius.SummarizeAsync(new BlastRadiusSelection(Agents: ["nobody"]), Ct);

        Assert.Equal(0, radius.Actions);
        Assert.Equal(0, radius.Runs);
        Assert.Empty(radius.Entities);
        Assert.Empty(radius.Money);
        Assert.Null(radius.FirstAt);
        Assert.Null(radius.LastAt);
    }

    [Fact]
    public async Task List_PagesThroughTheSelectionInLedgerOrder_WithoutGapsOrRepeats()
    {
        var selection = new BlastRadiusSelection(Tools: ["issue_refund"], Releases: ["rel-bad"]);
        var first = await BlastRadius.ListAsync(selection, after: null, limit: 4, Ct);
        var second = await BlastRadius.ListAsync(selection, after: first[^1].Seq, limit: 4, Ct);
        var streamed = new List<ActionRecord>();
        await foreach (var action in BlastRadius.StreamAsync(selection, after: null, limit: null, Ct))
        {
            streamed.Add(action);
        }

        Assert.Equal(4, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Equal(streamed.Select(a => a.Seq), first.Concat(second).Select(a => a.Seq));
        Assert.Equal(streamed.Select(a => a.Seq).Order(), streamed.Select(a => a.Seq));
        Assert.All(streamed, a => Assert.Equal("rel-bad", a.ReleaseId));
        Assert.Equal(["customer:47", "order:o-1"], streamed[0].Entities);
    }

    private protected override async Task SeedAsync()
    {
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", "r-good", "c-good", Release: new ReleaseRef("rel-good")), Ct);
        await RecordAsync(Samples.Refund("good-1", runId: "r-good", order: "o-0", customer: 1));
        Stores.Time.Advance(TimeSpan.FromMinutes(5));
        _stormStart = Stores.Time.GetUtcNow();
        for (var run = 1; run <= 3; run++)
        {
            await Stores.Ledger.StartRunAsync(new StartRunRequest("support", $"r-{run}", $"c-{run}", Release: new ReleaseRef("rel-bad")), Ct);
        }

        string[] runs = ["r-1", "r-1", "r-2", "r-2", "r-3"];
        for (var i = 0; i < runs.Length; i++)
        {
            await RecordAsync(Samples.Refund($"bad-{i}", 40.000001m, runs[i], $"o-{i + 1}", customer: 47 + (i % 2)));
            Stores.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await RecordAsync(Samples.Refund("bad-blocked", 40.000001m, "r-3", "o-9", customer: 47) with { Outcome = ActionOutcome.Blocked });
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        _stormEnd = Stores.Time.GetUtcNow();
        await RecordAsync(new RecordActionRequest(
            "support", "email-late", "send_email", Samples.Json("""{"customerId":"47"}"""), ActionOutcome.Executed, Entities: ["customer:47"]));
    }

    private async Task RecordAsync(RecordActionRequest request) =>
        Assert.Equal(WriteStatus.Created, (await Stores.Ledger.RecordActionAsync(request, Ct)).Status);
}
