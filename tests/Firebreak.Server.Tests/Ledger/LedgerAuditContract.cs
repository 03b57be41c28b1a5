using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Compensation;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Firebreak.Server.Tests.Infrastructure;
using NSec.Cryptography;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>
/// The ledger audit and the incremental verification on each storage backend: retention's signed checkpoint against a
/// prefix deleted by hand, derived rows changed by hand, and verification that continues where the last one stopped.
/// </summary>
public abstract class LedgerAuditContract : StoreContractBase
{
    private static readonly AnchorKey Key = AnchorKey.FromBase64(Convert.ToBase64String(
        NSec.Cryptography.Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport })
            .Export(KeyBlobFormat.RawPrivateKey)));

    [Fact]
    public async Task AnAnchorInsideARetentionPrunedPrefix_IsPrunedNotAFailure_WhenRetentionSignedTheCheckpoint()
    {
        var anchor = await OldLedgerWithAnchorAsync();

        Assert.True(await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10_000, Ct, Key.Sign) > 0);
        var audit = await new LedgerAuditor(Stores.Database).AuditAsync([anchor], Key.PublicKey, 50, Ct);

        Assert.True(audit.Valid, audit.ToString());
        Assert.True(audit.CheckpointSigned);
        Assert.Equal(AnchorStatus.Pruned, Assert.Single(audit.Anchors).Status);
    }

    [Fact]
    public async Task APrefixDeletedWithAnUnsignedCheckpoint_FailsAgainstAnAnchorMadeBeforeIt()
    {
        var anchor = await OldLedgerWithAnchorAsync();

        Assert.True(await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10_000, Ct, signCheckpoint: null) > 0);
        var audit = await new LedgerAuditor(Stores.Database).AuditAsync([anchor], Key.PublicKey, 50, Ct);

        Assert.True(audit.Chain.Valid, "the checkpoint keeps the chain linking");
        Assert.False(audit.Valid);
        Assert.False(audit.CheckpointSigned);
        Assert.Equal(AnchorStatus.Missing, Assert.Single(audit.Anchors).Status);
        Assert.Equal(1, audit.FirstDisagreeingSeq);
    }

    [Fact]
    public async Task DerivedRowsChangedByHand_AreEachReportedWithTheirIds_AndAnIntactLedgerHasNone()
    {
        var run = (await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "run-1"), Ct)).Value!;
        var first = (await Stores.Ledger.RecordActionAsync(Samples.Refund("r-1", runId: run.Id), Ct)).Value!;
        var second = (await Stores.Ledger.RecordActionAsync(Samples.Refund("r-2", runId: run.Id), Ct)).Value!;
        await Stores.Ledger.EndRunAsync(run.Id, new EndRunRequest(RunStatus.Failed), Ct);
        var auditor = new LedgerAuditor(Stores.Database);
        var intact = await auditor.AuditAsync([], null, 50, Ct);

        await ExecuteAsync($"UPDATE actions SET outcome = 'failed' WHERE seq = {first.Seq}");
        await ExecuteAsync($"DELETE FROM action_entities WHERE action_seq = {second.Seq} AND entity_type = 'customer'");
        await ExecuteAsync("UPDATE runs SET status = 'completed' WHERE id = 'run-1'");
        await ExecuteAsync($"DELETE FROM actions WHERE seq = {second.Seq}");
        var tampered = await auditor.AuditAsync([], null, 50, Ct);

        Assert.True(intact.Valid, intact.ToString());
        Assert.Equal(3, intact.RowsChecked);
        Assert.False(tampered.Valid);
        Assert.Contains(new DerivedMismatch("actions.outcome", first.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), "failed", "executed"), tampered.Mismatches);
        Assert.Contains(new DerivedMismatch("runs.status", "run-1", "completed", "failed"), tampered.Mismatches);
        Assert.Contains(new DerivedMismatch("actions", second.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), null, "recorded"), tampered.Mismatches);
        Assert.Equal(3, tampered.MismatchCount);
    }

    [Fact]
    public async Task AToxicMarkDeletedAddedOrChangedByHand_IsReportedWithItsRunId_AndAnIntactLedgerHasNone()
    {
        foreach (var id in new[] { "run-a", "run-b", "run-c" })
        {
            await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: id), Ct);
        }

        var toxic = new ToxicStore(Stores.Database, Stores.Writer, Stores.Timeline);
        var marking = await toxic.MarkAsync(new BlastRadiusSelection(RunIds: ["run-a", "run-b"], IncidentId: "inc-1"), "bad refunds", "oncall", null, Ct);
        var again = await toxic.MarkAsync(new BlastRadiusSelection(RunIds: ["run-a"]), "again", "oncall", null, Ct);
        var auditor = new LedgerAuditor(Stores.Database);
        var intact = await auditor.AuditAsync([], null, 50, Ct);

        await ExecuteAsync("DELETE FROM toxic_runs WHERE run_id = 'run-a'");
        await ExecuteAsync("UPDATE toxic_runs SET reason = 'looked fine' WHERE run_id = 'run-b'");
        await ExecuteAsync("INSERT INTO toxic_runs (run_id, reason, marked_by, marked_at, incident_id) VALUES ('run-c', 'framed', 'intruder', 0, NULL)");
        var tampered = await auditor.AuditAsync([], null, 50, Ct);

        Assert.Equal(2, marking.Marked);
        Assert.Equal(0, again.Marked);
        Assert.True(intact.Valid, intact.ToString());
        Assert.Equal(5, intact.RowsChecked);
        Assert.False(tampered.Valid);
        Assert.Contains(new DerivedMismatch("toxic_runs", "run-a", null, "marked"), tampered.Mismatches);
        Assert.Contains(new DerivedMismatch("toxic_runs.reason", "run-b", "looked fine", "bad refunds"), tampered.Mismatches);
        Assert.Contains(new DerivedMismatch("toxic_runs", "run-c", "row", null), tampered.Mismatches);
        Assert.Equal(3, tampered.MismatchCount);
    }

    [Fact]
    public async Task AToxicMarkWhoseEntryRetentionPruned_IsNotReported_ButAMarkAddedByHandAfterwardsIs()
    {
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "run-old"), Ct);
        await new ToxicStore(Stores.Database, Stores.Writer, Stores.Timeline).MarkAsync(new BlastRadiusSelection(RunIds: ["run-old"]), "bad refunds", "oncall", null, Ct);
        Stores.Time.Advance(TimeSpan.FromDays(40));
        await Stores.Ledger.StartRunAsync(new StartRunRequest("support", RunId: "run-new"), Ct);
        Assert.True(await Stores.Ledger.PruneAsync(Stores.Time.GetUtcNow() - TimeSpan.FromDays(30), 10_000, Ct, Key.Sign) > 0);
        var auditor = new LedgerAuditor(Stores.Database);
        var pruned = await auditor.AuditAsync([], Key.PublicKey, 50, Ct);

        await ExecuteAsync($"INSERT INTO toxic_runs (run_id, reason, marked_by, marked_at, incident_id) VALUES ('run-new', 'framed', 'intruder', {Stores.Time.GetUtcNow().ToUnixTimeMilliseconds()}, NULL)");
        var tampered = await auditor.AuditAsync([], Key.PublicKey, 50, Ct);

        Assert.True(pruned.Valid, pruned.ToString());
        Assert.Equal(new DerivedMismatch("toxic_runs", "run-new", "row", null), Assert.Single(tampered.Mismatches));
    }

    [Fact]
    public async Task AnEntityRowRemovedByHand_IsReported()
    {
        var action = (await Stores.Ledger.RecordActionAsync(Samples.Refund("r-1"), Ct)).Value!;

        await ExecuteAsync($"DELETE FROM action_entities WHERE action_seq = {action.Seq} AND entity_type = 'customer'");
        var audit = await new LedgerAuditor(Stores.Database).AuditAsync([], null, 50, Ct);

        var mismatch = Assert.Single(audit.Mismatches);
        Assert.Equal(("action_entities", "order:o-1", "customer:47,order:o-1"), (mismatch.Table, mismatch.Stored, mismatch.Ledger));
    }

    [Fact]
    public async Task IncrementalVerification_RecomputesOnlyTheEntriesAppendedSinceTheLastOne_AndAFullRescanAll()
    {
        for (var i = 0; i < 3; i++)
        {
            await Stores.Ledger.RecordActionAsync(Samples.Refund($"r-{i}"), Ct);
        }

        var first = await Stores.Ledger.VerifyIncrementallyAsync(Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r-3"), Ct);
        await Stores.Ledger.RecordActionAsync(Samples.Refund("r-4"), Ct);
        var next = await Stores.Ledger.VerifyIncrementallyAsync(Ct);
        var full = await Stores.Ledger.VerifyAsync(Ct);

        Assert.Equal((true, 3L, (long?)null), (first.Valid, first.EntriesChecked, first.ContinuedFromSeq));
        Assert.Equal((true, 2L, (long?)3), (next.Valid, next.EntriesChecked, next.ContinuedFromSeq));
        Assert.Equal((true, 5L), (full.Valid, full.EntriesChecked));
    }

    [Fact]
    public async Task IncrementalVerification_StartsOverWhenTheRememberedEntryChanged()
    {
        for (var i = 0; i < 3; i++)
        {
            await Stores.Ledger.RecordActionAsync(Samples.Refund($"r-{i}"), Ct);
        }

        await Stores.Ledger.VerifyIncrementallyAsync(Ct);
        await ExecuteAsync($"UPDATE ledger_entries SET hash = '{new string('f', 64)}' WHERE seq = 3");
        var after = await Stores.Ledger.VerifyIncrementallyAsync(Ct);

        Assert.False(after.Valid);
        Assert.Equal(3, after.FirstBrokenSeq);
        Assert.Null(after.ContinuedFromSeq);
    }

    /// <summary>
    /// Two actions recorded 40 days ago, one today, and an anchor signed after the first (so it lies strictly inside
    /// the prefix retention will prune; an anchor at the checkpoint itself is compared with the checkpoint's hash).
    /// </summary>
    private async Task<LedgerAnchor> OldLedgerWithAnchorAsync()
    {
        await Stores.Ledger.RecordActionAsync(Samples.Refund("old-1"), Ct);
        var at = Stores.Time.GetUtcNow();
        var hash = (await Stores.Ledger.ListActionsAsync(new ActionQuery(Limit: 1), Ct))[0].Hash;
        var anchor = new LedgerAnchor(1, hash, at, 0, Key.PublicKey, Key.Sign(LedgerAnchor.SignedBytes(1, hash, at.ToUnixTimeMilliseconds(), 0)));
        await Stores.Ledger.RecordActionAsync(Samples.Refund("old-2"), Ct);
        Stores.Time.Advance(TimeSpan.FromDays(40));
        await Stores.Ledger.RecordActionAsync(Samples.Refund("new-1"), Ct);
        return anchor;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await Stores.Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
