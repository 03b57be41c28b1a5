using Firebreak.Compensation;
using Firebreak.Server.Compensation;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Compensation;

/// <summary>What every storage backend must guarantee for compensation: one run per action, and item states that only move forward.</summary>
public abstract class CompensationStoreContract : StoreContractBase
{

    private CompensationStore Compensation => new(Stores.Database, Stores.Writer, Stores.Timeline);


    [Fact]
    public async Task TwoRunsSelectingTheSameActions_EachActionIsHeldByOneRunOnly()
    {
        var first = await Compensation.PlanAsync(new BlastRadiusSelection(), 2, 10, [Item(1), Item(2)], "dana", Ct);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Compensation.PlanAsync(new BlastRadiusSelection(), 2, 10, [Item(2), Item(3)], "dana", Ct)));

        var firstDetail = (await Compensation.GetDetailAsync(first, Ct))!;
        var details = await Task.WhenAll(results.Select(id => Compensation.GetDetailAsync(id, Ct)));

        Assert.Equal([1L, 2L], firstDetail.Items.Select(i => i.ActionSeq));
        Assert.All(details, d => Assert.DoesNotContain(d!.Items, i => i.ActionSeq == 2));
        Assert.All(details, d => Assert.Contains(d!.AlreadyCompensated, a => a.ActionSeq == 2 && a.RunId == first));
        Assert.Single(details, d => d!.Items.Any(i => i.ActionSeq == 3));
    }

    [Fact]
    public async Task ARun_MovesPlannedApprovedExecutingCompleted_AndRefusesSkippingApproval()
    {
        var id = await Compensation.PlanAsync(new BlastRadiusSelection(IncidentId: null), 1, 1, [Item(10)], "dana", Ct);

        var early = await Compensation.StartAsync(id, null, Ct);
        var approved = await Compensation.ApproveAsync(id, "erin", null, Ct);
        var twice = await Compensation.ApproveAsync(id, "erin", null, Ct);
        var started = await Compensation.StartAsync(id, null, Ct);
        await Compensation.MarkStartedAsync(10, Ct);
        await Compensation.MarkErrorAsync(10, "503 Service Unavailable", final: false, Ct);
        var retrying = (await Compensation.ListItemsAsync(id, Ct)).Single();
        await Compensation.MarkStartedAsync(10, Ct);
        await Compensation.MarkDoneAsync(10, verified: true, detail: null, Ct);
        var finished = await Compensation.FinishAsync(id, null, Ct);
        var run = (await Compensation.GetAsync(id, Ct))!;
        var item = (await Compensation.ListItemsAsync(id, Ct)).Single();

        Assert.Equal(WriteStatus.Conflict, early.Status);
        Assert.Equal(WriteStatus.Created, approved.Status);
        Assert.Equal(WriteStatus.Existing, twice.Status);
        Assert.Equal(WriteStatus.Created, started.Status);
        Assert.Equal(CompensationItemState.Started, retrying.State);
        Assert.Equal("503 Service Unavailable", retrying.Error);
        Assert.Equal(WriteStatus.Created, finished.Status);
        Assert.Equal(CompensationRunStatus.Completed, run.Status);
        Assert.Equal("erin", run.ApprovedBy);
        Assert.Equal(new CompensationProgress(1, 0, 0, 1, 0, 0), run.Progress);
        Assert.Equal(2, item.Attempts);
        Assert.True(item.Verified);
        Assert.Null(item.Error);
    }

    [Fact]
    public async Task AMitigationTask_IsCreatedOncePerAction_AndTracked()
    {
        var id = await Compensation.PlanAsync(new BlastRadiusSelection(), 1, 1, [Item(20, CompensationKind.Mitigation)], "dana", Ct);
        var item = (await Compensation.ListItemsAsync(id, Ct)).Single();
        await Compensation.CreateMitigationAsync(id, item, "customer-success", "INC-1", Ct);
        await Compensation.CreateMitigationAsync(id, item, "customer-success", "INC-1", Ct);

        var open = await Compensation.ListMitigationsAsync(MitigationStatus.Open, id, 10, Ct);
        var updated = await Compensation.UpdateMitigationAsync(open.Single().Id, new MitigationUpdateRequest(MitigationStatus.Done, "dana"), "erin", Ct);
        var missing = await Compensation.UpdateMitigationAsync("mit_none", new MitigationUpdateRequest(MitigationStatus.Done), "erin", Ct);

        Assert.Single(open);
        Assert.Equal("Send a correction", open[0].Task);
        Assert.Equal(MitigationStatus.Done, updated.Value!.Status);
        Assert.Equal("dana", updated.Value.Owner);
        Assert.Equal("erin", updated.Value.UpdatedBy);
        Assert.Empty(await Compensation.ListMitigationsAsync(MitigationStatus.Open, id, 10, Ct));
        Assert.Equal(WriteStatus.NotFound, missing.Status);
    }

    [Fact]
    public async Task CancellingAPlannedRun_ReleasesItsActionsForAnotherRun_AndSkipsItsHooks()
    {
        var hook = new CompensationHook(
            1, "support", CompensationHookKind.KnowledgeQuarantine, "forged-kb", null, null, "http://desk/knowledge/forged-kb/quarantine",
            "compensate:support:q", CompensationItemState.Planned, 0, null, null, null, null, DateTimeOffset.UnixEpoch);
        var first = await Compensation.PlanAsync("cmp_cancel_first", new BlastRadiusSelection(), 1, 1, [Item(30), Item(31)], [hook], "dana", null, Ct);
        var blocked = await Compensation.PlanAsync(new BlastRadiusSelection(), 1, 1, [Item(31)], "dana", Ct);

        var cancelled = await Compensation.CancelAsync(first, "erin", null, Ct);
        var twice = await Compensation.CancelAsync(first, "erin", null, Ct);
        var approveCancelled = await Compensation.ApproveAsync(first, "erin", null, Ct);
        var second = await Compensation.PlanAsync(new BlastRadiusSelection(), 1, 1, [Item(30), Item(31)], "dana", Ct);
        var missing = await Compensation.CancelAsync("cmp_none", "erin", null, Ct);

        var run = (await Compensation.GetDetailAsync(first, Ct))!;
        var secondDetail = (await Compensation.GetDetailAsync(second, Ct))!;
        var blockedDetail = (await Compensation.GetDetailAsync(blocked, Ct))!;
        Assert.Equal(WriteStatus.Created, cancelled.Status);
        Assert.Equal(WriteStatus.Existing, twice.Status);
        Assert.Equal(WriteStatus.Conflict, approveCancelled.Status);
        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Equal(CompensationRunStatus.Cancelled, run.Run.Status);
        Assert.Equal("erin", run.Run.CancelledBy);
        Assert.NotNull(run.Run.FinishedAt);
        Assert.Empty(run.Items);
        Assert.Equal(CompensationItemState.Skipped, Assert.Single(run.Hooks).State);
        Assert.Equal([30L, 31L], secondDetail.Items.Select(i => i.ActionSeq));
        Assert.Empty(secondDetail.AlreadyCompensated);
        Assert.Empty(blockedDetail.Items);
        Assert.Equal(second, Assert.Single(blockedDetail.AlreadyCompensated).RunId);
    }

    [Fact]
    public async Task AnApprovedRun_CannotBeCancelled_AndKeepsItsActions()
    {
        var id = await Compensation.PlanAsync(new BlastRadiusSelection(), 1, 1, [Item(40)], "dana", Ct);
        await Compensation.ApproveAsync(id, "erin", null, Ct);

        var refused = await Compensation.CancelAsync(id, "erin", null, Ct);
        await Compensation.StartAsync(id, null, Ct);
        var refusedExecuting = await Compensation.CancelAsync(id, "erin", null, Ct);
        var other = await Compensation.PlanAsync(new BlastRadiusSelection(), 1, 1, [Item(40)], "dana", Ct);

        Assert.Equal(WriteStatus.Conflict, refused.Status);
        Assert.Equal(WriteStatus.Conflict, refusedExecuting.Status);
        Assert.Equal(CompensationRunStatus.Executing, (await Compensation.GetAsync(id, Ct))!.Status);
        Assert.Equal([40L], (await Compensation.ListItemsAsync(id, Ct)).Select(i => i.ActionSeq));
        Assert.Contains((await Compensation.GetDetailAsync(other, Ct))!.AlreadyCompensated, a => a.ActionSeq == 40 && a.RunId == id);
    }

    [Fact]
    public async Task AHook_MovesThroughTheItemStates_AndCountsInTheRunsProgressAndIntegrity()
    {
        var since = new DateTimeOffset(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        var hook = new CompensationHook(
            1, "support", CompensationHookKind.MemoryPurge, null, since, since.AddHours(1), "http://desk/memory/purge",
            "compensate:support:p", CompensationItemState.Planned, 0, null, null, null, null, DateTimeOffset.UnixEpoch);
        var id = await Compensation.PlanAsync("cmp_hook_states", new BlastRadiusSelection(), 1, 1, [], [hook], "dana", null, Ct);

        await Compensation.MarkHookStartedAsync(id, 1, Ct);
        await Compensation.MarkHookErrorAsync(id, 1, "503 Service Unavailable", final: false, null, Ct);
        var retrying = Assert.Single(await Compensation.ListHooksAsync(id, Ct));
        await Compensation.SetHookActionAsync(id, 1, 77, Ct);
        await Compensation.MarkHookStartedAsync(id, 1, Ct);
        await Compensation.MarkHookDoneAsync(id, 1, verified: true, detail: null, null, Ct);
        var detail = (await Compensation.GetDetailAsync(id, Ct))!;
        var done = Assert.Single(detail.Hooks);

        Assert.Equal(CompensationItemState.Started, retrying.State);
        Assert.Equal("503 Service Unavailable", retrying.Error);
        Assert.Equal(CompensationItemState.Done, done.State);
        Assert.Equal(2, done.Attempts);
        Assert.Equal(77, done.ActionSeq);
        Assert.Equal(since, done.Since);
        Assert.Equal(since.AddHours(1), done.Until);
        Assert.Equal("firebreak.memory_purge", done.Tool);
        Assert.Equal(new CompensationProgress(1, 0, 0, 1, 0, 0), detail.Run.Progress);
        Assert.Equal(1, detail.Integrity.Verified);
    }

    private static CompensationItem Item(long seq, CompensationKind kind = CompensationKind.Http) => new(
        seq, "support", $"key-{seq}", kind == CompensationKind.Http ? "issue_refund" : "send_email", [$"order:o-{seq}"], 40m, "USD", kind,
        kind == CompensationKind.Http ? $"http://desk/refunds/rf-{seq}/reverse" : "Send a correction", CompensationKey.For("support", $"key-{seq}"),
        CompensationItemState.Planned, 0, null, null, null, DateTimeOffset.UnixEpoch);
}
