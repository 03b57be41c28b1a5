using System.Globalization;
using Firebreak.Ledger;
using Firebreak.Auth;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Storage;

/// <summary>
/// What every storage backend must do. Each backend subclasses this once; the same assertions run against
/// a real SQLite file and a real PostgreSQL server.
/// </summary>
public abstract class StoreContract : StoreContractBase
{


    [Fact]
    public async Task StartRun_AssignsIds_AndRecordsInputAsFirstStep()
    {
        var result = await Stores.Ledger.StartRunAsync(new StartRunRequest("support", Input: Samples.Json("""{"ticket":"T-1"}""")), Ct);

        Assert.Equal(WriteStatus.Created, result.Status);
        var run = result.Value!;
        Assert.StartsWith("run_", run.Id, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(run.CorrelationId));
        Assert.Equal(RunStatus.Running, run.Status);
        var trace = await Stores.Ledger.GetTraceAsync(run.Id, Ct);
        Assert.Equal([LedgerEntryKinds.RunStarted, LedgerEntryKinds.Step], trace!.Items.Select(i => i.Kind));
        Assert.Equal("input", trace.Items[1].Payload.GetProperty("kind").GetString());
        Assert.Equal("T-1", trace.Items[1].Payload.GetProperty("data").GetProperty("ticket").GetString());
    }

    [Fact]
    public async Task StartRun_WithTheSameIdTwice_ReturnsTheOriginal()
    {
        var first = await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "r-1"), Ct);
        var second = await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "r-1"), Ct);

        Assert.Equal(WriteStatus.Created, first.Status);
        Assert.Equal(WriteStatus.Existing, second.Status);
        Assert.Equal(first.Value!.CorrelationId, second.Value!.CorrelationId);
        Assert.Single((await Stores.Ledger.GetTraceAsync("r-1", Ct))!.Items);
    }

    [Fact]
    public async Task StartRun_WithTraceparent_TakesItsTraceIdAsCorrelationId()
    {
        const string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support", Traceparent: traceparent), Ct)).Value!;

        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", run.CorrelationId);
        Assert.Equal(traceparent, run.Traceparent);
    }

    [Fact]
    public async Task AppendStep_ToAnUnknownRun_IsNotFound_AndToAnEndedRun_IsConflict()
    {
        var missing = await Stores.Ledger.AppendStepAsync("nope", new AppendStepRequest(StepKind.ModelCall), Ct);
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support"), Ct)).Value!;
        await Stores.Ledger.EndRunAsync(run.Id, new EndRunRequest(RunStatus.Completed), Ct);
        var closed = await Stores.Ledger.AppendStepAsync(run.Id, new AppendStepRequest(StepKind.ModelCall), Ct);

        Assert.Equal(WriteStatus.NotFound, missing.Status);
        Assert.Equal(WriteStatus.Conflict, closed.Status);
        Assert.Equal(2, (await Stores.Ledger.GetTraceAsync(run.Id, Ct))!.Items.Count);
    }

    [Fact]
    public async Task Trace_ReconstructsTheWholeRunInLedgerOrder()
    {
        var run = (await Stores.Ledger.StartRunAsync(
            new StartRunRequest("support", Release: new ReleaseRef("rel-1", "1.4.0", "prompt-7", "model-x"), Input: Samples.Json("""{"ticket":"T-9"}""")),
            Ct)).Value!;
        await Stores.Ledger.AppendStepAsync(run.Id, new AppendStepRequest(StepKind.ModelCall, "plan", Samples.Json("""{"tokens":812}""")), Ct);
        await Stores.Ledger.AppendStepAsync(run.Id, new AppendStepRequest(StepKind.Retrieval, "kb", SourceIds: ["kb:refund-policy"]), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", runId: run.Id) with { Outcome = ActionOutcome.Pending }, Ct);
        await Stores.Ledger.CompleteActionAsync(new CompleteActionRequest("support", "k-1", ActionOutcome.Executed, Samples.Json("""{"refundId":"rf-1"}""")), Ct);
        await Stores.Ledger.AppendStepAsync(run.Id, new AppendStepRequest(StepKind.Feedback, Data: Samples.Json("""{"report":"I did not ask for a refund"}""")), Ct);
        await Stores.Ledger.EndRunAsync(run.Id, new EndRunRequest(RunStatus.Completed, Samples.Json("""{"text":"Refunded."}""")), Ct);

        var trace = (await Stores.Ledger.GetTraceAsync(run.Id, Ct))!;

        Assert.Equal(
            ["run_started", "step", "step", "step", "action", "action_completed", "step", "step", "run_ended"],
            trace.Items.Select(i => i.Kind));
        Assert.Equal(
            ["input", "model_call", "retrieval", "feedback", "output"],
            trace.Items.Where(i => i.Kind == "step").Select(i => i.Payload.GetProperty("kind").GetString()));
        Assert.True(trace.Items.Zip(trace.Items.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
        Assert.Equal("rel-1", trace.Run.Release.ReleaseId);
        Assert.Equal(RunStatus.Completed, trace.Run.Status);
        Assert.Equal("kb:refund-policy", trace.Items[3].Payload.GetProperty("sourceIds")[0].GetString());
    }

    [Fact]
    public async Task TracesByCorrelationId_LinkEveryRunOfOneRequest()
    {
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "a", CorrelationId: "req-42"), Ct);
        Stores.Time.Advance(TimeSpan.FromSeconds(1));
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "b", CorrelationId: "req-42"), Ct);
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "c", CorrelationId: "req-43"), Ct);

        var traces = await Stores.Ledger.GetTracesByCorrelationAsync("req-42", 100, Ct);

        Assert.Equal(["a", "b"], traces.Select(t => t.Run.Id));
    }

    [Fact]
    public async Task RecordAction_SameKeyAndSameArguments_ReturnsTheOriginal()
    {
        var first = await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1"), Ct);
        var reordered = Samples.Refund("k-1") with { Arguments = Samples.Json("""{ "currency":"USD", "amount":40, "orderId":"o-1" }""") };
        var replay = await Stores.Ledger.RecordActionAsync(reordered, Ct);

        Assert.Equal(WriteStatus.Created, first.Status);
        Assert.Equal(WriteStatus.Existing, replay.Status);
        Assert.Equal(first.Value!.Seq, replay.Value!.Seq);
        Assert.Equal(first.Value.Hash, replay.Value.Hash);
    }

    [Fact]
    public async Task RecordAction_SameKeyWithDifferentArguments_IsConflict_AndChangesNothing()
    {
        var original = (await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", 40m), Ct)).Value!;

        var conflict = await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", 400m), Ct);

        Assert.Equal(WriteStatus.Conflict, conflict.Status);
        var stored = await Stores.Ledger.GetActionAsync("support", "k-1", Ct);
        Assert.Equal(40m, stored!.Amount);
        Assert.Equal(original.Hash, stored.Hash);
        Assert.Single(await Stores.Ledger.ListActionsAsync(new ActionQuery("support"), Ct));
    }

    [Fact]
    public async Task RecordAction_InARun_InheritsItsCorrelationAndRelease_AndJoinsItsTrace()
    {
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support", CorrelationId: "req-7", Release: new ReleaseRef("rel-2")), Ct)).Value!;

        var action = (await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", runId: run.Id), Ct)).Value!;

        Assert.Equal("req-7", action.CorrelationId);
        Assert.Equal("rel-2", action.ReleaseId);
        Assert.Contains((await Stores.Ledger.GetTraceAsync(run.Id, Ct))!.Items, i => i.Kind == "action" && i.Seq == action.Seq);
        Assert.Equal(WriteStatus.NotFound, (await Stores.Ledger.RecordActionAsync(Samples.Refund("k-2", runId: "missing"), Ct)).Status);
    }

    [Fact]
    public async Task CompleteAction_RecordsTheOutcomeOnce()
    {
        await Stores.Ledger.RecordActionAsync(Samples.Refund("k-1") with { Outcome = ActionOutcome.Pending }, Ct);

        var done = await Stores.Ledger.CompleteActionAsync(new CompleteActionRequest("support", "k-1", ActionOutcome.Executed, Samples.Json("""{"refundId":"rf-1"}""")), Ct);
        var again = await Stores.Ledger.CompleteActionAsync(new CompleteActionRequest("support", "k-1", ActionOutcome.Executed), Ct);
        var contradicting = await Stores.Ledger.CompleteActionAsync(new CompleteActionRequest("support", "k-1", ActionOutcome.Failed), Ct);
        var unknown = await Stores.Ledger.CompleteActionAsync(new CompleteActionRequest("support", "k-404", ActionOutcome.Failed), Ct);

        Assert.Equal(WriteStatus.Created, done.Status);
        Assert.Equal(WriteStatus.Existing, again.Status);
        Assert.Equal(WriteStatus.Conflict, contradicting.Status);
        Assert.Equal(WriteStatus.NotFound, unknown.Status);
        var stored = (await Stores.Ledger.GetActionAsync("support", "k-1", Ct))!;
        Assert.Equal(ActionOutcome.Executed, stored.Outcome);
        Assert.Equal("rf-1", stored.Result!.Value.GetProperty("refundId").GetString());
    }

    [Fact]
    public async Task RecordAction_RepeatedKeysInOneBatch_StoreOneAction_AndAnswerTheRestFromIt()
    {
        var earlier = (await Stores.Ledger.RecordActionAsync(Samples.Refund("k-0"), Ct)).Value!;

        var (first, replays, conflict, replayOfEarlier, distinct) = await InOneBatchAsync(() => (
            Stores.Ledger.RecordActionAsync(Samples.Refund("k-1"), Ct),
            Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Stores.Ledger.RecordActionAsync(Samples.Refund("k-1"), Ct))),
            Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", 400m), Ct),
            Stores.Ledger.RecordActionAsync(Samples.Refund("k-0"), Ct),
            Task.WhenAll(Enumerable.Range(0, 130).Select(i => Stores.Ledger.RecordActionAsync(Samples.Refund($"d-{i}", order: $"o-{i}", customer: i), Ct)))));

        var created = await first;
        Assert.Equal(WriteStatus.Created, created.Status);
        Assert.All(await replays, r => Assert.Equal((WriteStatus.Existing, created.Value!.Seq), (r.Status, r.Value!.Seq)));
        Assert.Equal(WriteStatus.Conflict, (await conflict).Status);
        var replayed = await replayOfEarlier;
        Assert.Equal((WriteStatus.Existing, earlier.Seq, earlier.Hash), (replayed.Status, replayed.Value!.Seq, replayed.Value.Hash));
        Assert.All(await distinct, r => Assert.Equal(WriteStatus.Created, r.Status));
        Assert.Equal(132, await CountAsync("SELECT COUNT(*) FROM actions"));
        Assert.Equal(264, await CountAsync("SELECT COUNT(*) FROM action_entities"));
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM action_entities WHERE entity_type = 'order' AND entity_id = 'o-129' OR entity_type = 'customer' AND entity_id = '129'"));
        var verification = await Stores.Ledger.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(132, verification.EntriesChecked);
    }

    [Fact]
    public async Task WritesInOneBatch_SeeWhatEarlierWritesOfTheBatchAppended()
    {
        var (started, action, step, ended) = await InOneBatchAsync(() => (
            Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "r-1", CorrelationId: "req-9", Input: Samples.Json("""{"ticket":"T-1"}""")), Ct),
            Stores.Ledger.RecordActionAsync(Samples.Refund("k-1", runId: "r-1"), Ct),
            Stores.Ledger.AppendStepAsync("r-1", new AppendStepRequest(StepKind.ModelCall), Ct),
            Stores.Ledger.EndRunAsync("r-1", new EndRunRequest(RunStatus.Completed), Ct)));

        Assert.Equal(
            [WriteStatus.Created, WriteStatus.Created, WriteStatus.Created, WriteStatus.Created],
            [(await started).Status, (await action).Status, (await step).Status, (await ended).Status]);
        Assert.Equal("req-9", (await action).Value!.CorrelationId);
        var trace = (await Stores.Ledger.GetTraceAsync("r-1", Ct))!;
        Assert.Equal(
            [LedgerEntryKinds.RunStarted, LedgerEntryKinds.Step, LedgerEntryKinds.Action, LedgerEntryKinds.Step, LedgerEntryKinds.RunEnded],
            trace.Items.Select(i => i.Kind));
        Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
    }

    /// <summary>
    /// Holds the single writer inside a write while <paramref name="queue"/> queues its writes, so that they all
    /// commit in the batch after it.
    /// </summary>
    private async Task<T> InOneBatchAsync<T>(Func<T> queue)
    {
        using var holding = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var hold = Stores.Writer.WriteAsync(_ =>
        {
            holding.Release();
            release.Wait(Ct);
            return 0;
        }, Ct);
        await holding.WaitAsync(Ct);
        var queued = queue();
        release.Set();
        await hold;
        return queued;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Stores.Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task ConcurrentWriters_EveryAcknowledgedActionIsStored_AndTheChainVerifies()
    {
        const int writers = 16;
        const int perWriter = 50;
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var keys = new List<string>();
            for (var i = 0; i < perWriter; i++)
            {
                var key = $"w{w}-{i}";
                var result = await Stores.Ledger.RecordActionAsync(Samples.Refund(key, order: key, customer: w), Ct);
                if (result.Status == WriteStatus.Created)
                {
                    keys.Add(key);
                }
            }

            return keys;
        }));

        Assert.Equal(writers * perWriter, acknowledged.Sum(k => k.Count));
        foreach (var key in acknowledged.SelectMany(k => k))
        {
            Assert.NotNull(await Stores.Ledger.GetActionAsync("support", key, Ct));
        }

        var verification = await Stores.Ledger.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(writers * perWriter, verification.EntriesChecked);
    }

    [Fact]
    public async Task Verify_AnEmptyLedger_IsValid()
    {
        var verification = await Stores.Ledger.VerifyAsync(Ct);

        Assert.True(verification.Valid);
        Assert.Equal(0, verification.EntriesChecked);
    }

    [Theory]
    [InlineData("UPDATE ledger_entries SET payload = REPLACE(payload, '\"amount\":40', '\"amount\":4000') WHERE seq = 3", 3L)]
    [InlineData("DELETE FROM ledger_entries WHERE seq = 3", 4L)]
    [InlineData("UPDATE ledger_entries SET hash = 'ab' || SUBSTR(hash, 3) WHERE seq = 2", 2L)]
    [InlineData("UPDATE ledger_entries SET recorded_at = recorded_at + 1 WHERE seq = 5", 5L)]
    [InlineData("DELETE FROM ledger_entries WHERE seq = 6", 6L)]
    public async Task Verify_ReportsTheFirstBrokenLink_AfterTampering(string tampering, long firstBroken)
    {
        for (var i = 1; i <= 6; i++)
        {
            await Stores.Ledger.RecordActionAsync(Samples.Refund($"k-{i}"), Ct);
        }

        await using (var connection = await Stores.Database.OpenAsync(Ct))
        await using (var command = connection.CreateCommand(tampering))
        {
            Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
        }

        var verification = await Stores.Ledger.VerifyAsync(Ct);

        Assert.False(verification.Valid);
        Assert.Equal(firstBroken, verification.FirstBrokenSeq);
        Assert.False(string.IsNullOrEmpty(verification.Reason));
    }

    [Fact]
    public async Task Prune_RemovesEntriesOlderThanTheCutoff_AndTheChainStillVerifiesFromItsCheckpoint()
    {
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "old"), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("old-1", runId: "old"), Ct);
        await Stores.Ledger.EndRunAsync("old", new EndRunRequest(RunStatus.Completed), Ct);
        Stores.Time.Advance(TimeSpan.FromDays(31));
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "new"), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("new-1", runId: "new"), Ct);

        var pruned = await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10_000, Ct);

        Assert.Equal(3, pruned);
        Assert.Null(await Stores.Ledger.GetRunAsync("old", Ct));
        Assert.Null(await Stores.Ledger.GetActionAsync("support", "old-1", Ct));
        Assert.NotNull(await Stores.Ledger.GetTraceAsync("new", Ct));
        var verification = await Stores.Ledger.VerifyAsync(Ct);
        Assert.True(verification.Valid, verification.Reason);
        Assert.Equal(3, verification.CheckpointSeq);
        Assert.Equal(2, verification.EntriesChecked);
        Assert.Equal(WriteStatus.Created, (await Stores.Ledger.RecordActionAsync(Samples.Refund("new-2"), Ct)).Status);
        Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
    }

    [Fact]
    public async Task Prune_InChunks_KeepsTheChainVerifiable()
    {
        for (var i = 0; i < 25; i++)
        {
            await Stores.Ledger.RecordActionAsync(Samples.Refund($"k-{i}"), Ct);
        }

        Stores.Time.Advance(TimeSpan.FromDays(40));
        long total = 0;
        long pruned;
        while ((pruned = await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10, Ct)) > 0)
        {
            total += pruned;
            Assert.True((await Stores.Ledger.VerifyAsync(Ct)).Valid);
        }

        Assert.Equal(25, total);
        Assert.Empty(await Stores.Ledger.ListActionsAsync(new ActionQuery(), Ct));
    }

    [Fact]
    public async Task ListRuns_FiltersByAgentAndPagesNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: $"r{i}"), Ct);
            Stores.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var page = await Stores.Ledger.ListRunsAsync(new RunQuery("support", Limit: 2), Ct);
        var next = await Stores.Ledger.ListRunsAsync(new RunQuery("support", Before: page[^1].StartedAt, Limit: 2), Ct);

        Assert.Equal(["r4", "r3"], page.Select(r => r.Id));
        Assert.Equal(["r2", "r1"], next.Select(r => r.Id));
        Assert.Empty(await Stores.Ledger.ListRunsAsync(new RunQuery("billing"), Ct));
    }

    [Fact]
    public async Task Amounts_RoundTripExactly()
    {
        var action = Samples.Refund("k-1", 12480.123456m);

        await Stores.Ledger.RecordActionAsync(action, Ct);

        var stored = (await Stores.Ledger.GetActionAsync("support", "k-1", Ct))!;
        Assert.Equal(12480.123456m, stored.Amount);
        Assert.Equal(["customer:47", "order:o-1"], stored.Entities);
    }

    [Fact]
    public async Task Registry_StoresAndReturnsAgentDefinitions()
    {
        var edited = Samples.Support with { Owner = "payments-team" };

        var changed = await Stores.Registry.UpsertAsync(edited, "api", "alice", Ct);
        var unchanged = await Stores.Registry.UpsertAsync(edited, "api", "alice", Ct);

        Assert.Equal(WriteStatus.Created, changed.Status);
        Assert.Equal(WriteStatus.Existing, unchanged.Status);
        var stored = (await Stores.Registry.ListAsync(Ct)).Single();
        Assert.Equal("payments-team", stored.Owner);
        Assert.Equal(4, stored.Tools.Count);
        Assert.Equal(Firebreak.Registry.FailMode.Open, stored.FindTool("lookup_order")!.EffectiveFailMode);
        Assert.Equal(Firebreak.Registry.FailMode.Closed, stored.FindTool("issue_refund")!.EffectiveFailMode);
    }

    [Fact]
    public async Task ApiKeys_AreFoundByTheirSecret_AndStopWorkingWhenRevoked()
    {
        var created = await Stores.Keys.CreateAsync(new CreateApiKeyRequest("support-bot", ApiKeyRole.Agent, "support"), Ct);

        var found = await Stores.Keys.FindActiveAsync(created.Key, Ct);
        Assert.Equal(("support-bot", ApiKeyRole.Agent, "support"), (found!.Name, found.Role, found.AgentId));
        Assert.Null(await Stores.Keys.FindActiveAsync(created.Key + "x", Ct));
        Assert.DoesNotContain(await Stores.Keys.ListAsync(Ct), k => k.Id.Contains(created.Key, StringComparison.Ordinal));

        Assert.True(await Stores.Keys.RevokeAsync(created.Id, Ct));
        Assert.Null(await Stores.Keys.FindActiveAsync(created.Key, Ct));
        Assert.False(await Stores.Keys.RevokeAsync(created.Id, Ct));
        Assert.NotNull((await Stores.Keys.ListAsync(Ct)).Single().RevokedAt);
    }

    [Fact]
    public async Task CiKeys_KeepTheirAgents_AndAgentKeysTheirOne()
    {
        var ci = await Stores.Keys.CreateAsync(new CreateApiKeyRequest("release-pipeline", ApiKeyRole.Ci, AgentIds: ["support", "billing"]), Ct);
        var agent = await Stores.Keys.CreateAsync(new CreateApiKeyRequest("support-bot", ApiKeyRole.Agent, "support"), Ct);

        var found = await Stores.Keys.FindActiveAsync(ci.Key, Ct);
        Assert.Equal(ApiKeyRole.Ci, found!.Role);
        Assert.Null(found.AgentId);
        Assert.Equal(["support", "billing"], found.AgentIds);
        var foundAgent = await Stores.Keys.FindActiveAsync(agent.Key, Ct);
        Assert.Equal("support", foundAgent!.AgentId);
        Assert.Null(foundAgent.AgentIds);
        Assert.Equal(["support", "billing"], (await Stores.Keys.ListAsync(Ct)).Single(k => k.Id == ci.Id).AgentIds);
    }

    [Fact]
    public async Task Migrations_AreAppliedOnce()
    {
        await new Migrator(Stores.Database, Stores.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<Migrator>.Instance).MigrateAsync(Ct);

        await using var connection = await Stores.Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand("SELECT COUNT(*) FROM schema_migrations");
        var applied = Convert.ToInt32(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
        Assert.Equal(Migrator.Migrations(Stores.Database.Provider).Count(), applied);
    }
}
