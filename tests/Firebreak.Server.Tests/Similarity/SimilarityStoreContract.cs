using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Similarity;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Similarity;

/// <summary>What the similar-case search must do on every backend; subclassed once per backend.</summary>
public abstract class SimilarityStoreContract : StoreContractBase
{
    private SimilarityStore? _similarity;

    private SimilarityStore Similarity => _similarity ?? throw new InvalidOperationException("Not initialized.");

    private protected override Task SeedAsync()
    {
        _similarity = new SimilarityStore(Stores.Database, Stores.Ledger);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EndRun_StoresTheSignature_SoRunsWithOtherValuesButTheSameShapesMatchExactly()
    {
        var first = await RefundRunAsync(40m, 1001);
        Stores.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await RefundRunAsync(12.5m, 2002);

        var found = (await Similarity.FindAsync(second, 10, Ct))!;

        var match = Assert.Single(found.Similar);
        Assert.Equal((first, 1.0, true), (match.RunId, match.Score, match.SameSignature));
        Assert.Equal(found.Hash, match.Hash);
        Assert.Equal(["lookup_ticket", "issue_refund", "close_ticket"], match.Tools);
        Assert.Contains("argument-shapes", match.Matched);
        Assert.Matches("^v1:[0-9a-f]{64}$", found.Hash);
    }

    [Fact]
    public async Task Similar_ListsTheSameSignatureFirst_ThenCloserBeforeFarther_AndLeavesOutUnrelatedRuns()
    {
        var exact = await RefundRunAsync(40m, 1);
        var noClose = await RunAsync(("lookup_ticket", new { ticket = 2 }), ("issue_refund", new { ticket = 2, amount = 40m }));
        var reply = await RunAsync(("lookup_ticket", new { ticket = 3 }), ("send_reply", new { ticket = 3, body = "hi" }), ("close_ticket", new { ticket = 3 }));
        var unrelated = await RunAsync(("search_kb", new { query = "x", page = 1 }));
        var query = await RefundRunAsync(9m, 4);

        var found = (await Similarity.FindAsync(query, 10, Ct))!;

        Assert.Equal([exact, noClose, reply], found.Similar.Select(r => r.RunId));
        Assert.Equal(1.0, found.Similar[0].Score);
        Assert.True(found.Similar[1].Score > found.Similar[2].Score, $"{found.Similar[1].Score} <= {found.Similar[2].Score}");
        Assert.True(found.Similar[1].Score < 1.0);
        Assert.DoesNotContain(unrelated, found.Similar.Select(r => r.RunId));
    }

    [Fact]
    public async Task Similar_HonoursTheLimit_NewestFirstWithinOneSignature()
    {
        var runs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            runs.Add(await RefundRunAsync(i, i));
            Stores.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var found = (await Similarity.FindAsync(runs[0], 3, Ct))!;

        Assert.Equal([runs[4], runs[3], runs[2]], found.Similar.Select(r => r.RunId));
    }

    [Fact]
    public async Task Similar_OfARunStillRunning_UsesItsTraceSoFar_AndOfAnUnknownRun_IsNull()
    {
        var ended = await RefundRunAsync(40m, 1);
        var running = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support"), Ct)).Value!.Id;
        await RecordAsync(running, "lookup_ticket", new { ticket = 7 });
        await RecordAsync(running, "issue_refund", new { ticket = 7, amount = 3m });
        await RecordAsync(running, "close_ticket", new { ticket = 7 });

        var found = (await Similarity.FindAsync(running, 10, Ct))!;

        Assert.Equal(RunStatus.Running, found.Signature.Outcome);
        var match = Assert.Single(found.Similar);
        Assert.Equal(ended, match.RunId);
        Assert.DoesNotContain("outcome", match.Matched);
        Assert.Null(await Similarity.FindAsync("run_nope", 10, Ct));
    }

    [Fact]
    public async Task Signature_CarriesGuardrailHitsAndTheFailureClass()
    {
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support"), Ct)).Value!.Id;
        var hit = new GuardrailHit("injection", GuardrailCategory.Injection, GuardrailAction.Block, GuardrailStage.Retrieved, "ignore-previous");
        await Stores.Ledger.AppendStepAsync(run, new AppendStepRequest(StepKind.Guardrail, hit.Guardrail, JsonSerializer.SerializeToElement(hit, FirebreakJson.Options)), Ct);
        await Stores.Ledger.EndRunAsync(run, new EndRunRequest(RunStatus.Failed), Ct);

        var found = (await Similarity.FindAsync(run, 10, Ct))!;

        Assert.Equal(["injection/injection/block"], found.Signature.Guardrails);
        Assert.Equal((FailureClass.PolicyBypass, RunStatus.Failed), (found.Signature.FailureClass, found.Signature.Outcome));
    }

    [Fact]
    public async Task Prune_DropsThePrunedRunsFromTheSearch()
    {
        var old = await RefundRunAsync(40m, 1);
        Stores.Time.Advance(TimeSpan.FromDays(31));
        var recent = await RefundRunAsync(40m, 2);

        await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10_000, Ct);

        Assert.Null(await Similarity.FindAsync(old, 10, Ct));
        Assert.Empty((await Similarity.FindAsync(recent, 10, Ct))!.Similar);
    }

    private Task<string> RefundRunAsync(decimal amount, int ticket) =>
        RunAsync(("lookup_ticket", new { ticket }), ("issue_refund", new { ticket, amount }), ("close_ticket", new { ticket }));

    private async Task<string> RunAsync(params (string Tool, object Arguments)[] calls)
    {
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support"), Ct)).Value!.Id;
        foreach (var (tool, arguments) in calls)
        {
            await RecordAsync(run, tool, arguments);
        }

        var ended = await Stores.Ledger.EndRunAsync(run, new EndRunRequest(RunStatus.Completed), Ct);
        Assert.Equal(WriteStatus.Created, ended.Status);
        return run;
    }

    private async Task RecordAsync(string run, string tool, object arguments)
    {
        var recorded = await Stores.Ledger.RecordActionAsync(
            new RecordActionRequest("support", Guid.NewGuid().ToString("N"), tool, JsonSerializer.SerializeToElement(arguments), ActionOutcome.Executed, run), Ct);
        Assert.Equal(WriteStatus.Created, recorded.Status);
    }
}
