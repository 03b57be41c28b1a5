using System.Data.Common;
using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Ledger;

/// <summary>
/// The full audit behind <c>firebreak ledger verify</c>: recomputes the chain, checks it against anchors kept outside
/// the database (never the database's own copy), and compares the tables blast radius and compensation read
/// (<c>actions</c>, <c>action_entities</c>, <c>runs</c>, <c>toxic_runs</c>) with the entries they were written from, in
/// one snapshot.
/// </summary>
internal sealed class LedgerAuditor(Database database)
{
    public async Task<LedgerAudit> AuditAsync(IReadOnlyList<LedgerAnchor> anchors, string? publicKey, int maxMismatches, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = database.BeginSnapshot(connection);
        var checkpoint = await ReadCheckpointAsync(connection, transaction, cancellationToken);
        var checkpointSigned = checkpoint is { } c
            ? publicKey is not null && AnchorKey.Verify(publicKey, LedgerAnchor.CheckpointBytes(c.Seq, c.Hash, c.PrunedAtMs), c.Signature)
            : (bool?)null;
        var anchorCheck = new AnchorCheck(
            anchors.Select(a => (a, publicKey is not null
                && string.Equals(a.PublicKey, publicKey, StringComparison.Ordinal)
                && AnchorKey.Verify(publicKey, a.SignedBytes(), a.Signature))),
            checkpoint?.Seq ?? 0,
            checkpoint?.Hash,
            checkpointSigned == true);

        var (headSeq, headHash) = await ReadHeadAsync(connection, transaction, cancellationToken);
        var chain = new ChainVerifier(checkpoint?.Seq, checkpoint?.Hash);
        var lastSeq = checkpoint?.Seq ?? 0;
        long? firstRecordedAtMs = null;
        await using (var command = connection.CreateCommand(
            "SELECT seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash FROM ledger_entries ORDER BY seq", transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = LedgerStore.ReadEntry(reader);
                chain.Accept(entry);
                anchorCheck.Accept(entry.Seq, entry.Hash);
                lastSeq = entry.Seq;
                firstRecordedAtMs ??= entry.RecordedAtMs;
            }
        }

        chain.AcceptHead(headSeq, headHash);
        var anchorResults = anchorCheck.Finish(lastSeq);
        var mismatches = new Mismatches(maxMismatches);
        await CheckActionsAsync(connection, transaction, mismatches, cancellationToken);
        await CheckRunsAsync(connection, transaction, checkpoint is not null, mismatches, cancellationToken);
        await CheckToxicMarksAsync(connection, transaction, checkpoint is null ? null : firstRecordedAtMs ?? long.MaxValue, mismatches, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var chainResult = chain.Result();
        var firstDisagreeing = anchorResults.Select(r => r.FirstBadSeq).Append(chainResult.FirstBrokenSeq).Min();
        var valid = chainResult.Valid
            && anchorResults.All(r => r.Status is AnchorStatus.Matches or AnchorStatus.Pruned)
            && mismatches.Count == 0;
        return new LedgerAudit(valid, chainResult, checkpointSigned, anchorResults, firstDisagreeing, mismatches.RowsChecked, mismatches.First, mismatches.Count);
    }

    private static async Task<(long Seq, string Hash, long PrunedAtMs, string? Signature)?> ReadCheckpointAsync(
        DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT seq, hash, pruned_at, signature FROM ledger_checkpoint WHERE id = 1", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetNullableString(3))
            : null;
    }

    private static async Task<(long Seq, string Hash)> ReadHeadAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT seq, hash FROM ledger_head WHERE id = 1", transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>
    /// Each action row (with its entity rows, joined so one reader serves both backends) against its entry and its
    /// completion; then action and completion entries that no row reflects.
    /// </summary>
    private static async Task CheckActionsAsync(DbConnection connection, DbTransaction transaction, Mismatches mismatches, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand(
            "SELECT a.seq, a.agent_id, a.idempotency_key, a.tool, a.arguments_digest, a.outcome, a.run_id, a.correlation_id, a.release_id, " +
            "a.amount_micros, a.currency, a.completed_seq, e.kind, e.payload, c.kind, c.payload, x.entity_type, x.entity_id " +
            "FROM actions a LEFT JOIN ledger_entries e ON e.seq = a.seq LEFT JOIN ledger_entries c ON c.seq = a.completed_seq " +
            "LEFT JOIN action_entities x ON x.action_seq = a.seq ORDER BY a.seq, x.entity_type, x.entity_id",
            transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var more = await reader.ReadAsync(cancellationToken);
            while (more)
            {
                var seq = reader.GetInt64(0);
                var row = ActionRow.Read(reader);
                var entities = new SortedSet<string>(StringComparer.Ordinal);
                do
                {
                    if (reader.GetNullableString(16) is { } type)
                    {
                        entities.Add($"{type}:{reader.GetString(17)}");
                    }

                    more = await reader.ReadAsync(cancellationToken);
                }
                while (more && reader.GetInt64(0) == seq);

                mismatches.Checked();
                CompareAction(row, entities, mismatches);
            }
        }

        await using (var command = connection.CreateCommand(
            "SELECT e.seq FROM ledger_entries e WHERE e.kind = @kind AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.seq = e.seq) ORDER BY e.seq", transaction))
        {
            command.AddParameter("kind", LedgerEntryKinds.Action);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Add(new DerivedMismatch("actions", Id(reader.GetInt64(0)), null, "recorded"));
            }
        }

        var unreflected = new List<(long Seq, CompleteActionRequest Completion)>();
        await using (var command = connection.CreateCommand(
            "SELECT c.seq, c.payload FROM ledger_entries c WHERE c.kind = @kind AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.completed_seq = c.seq) ORDER BY c.seq",
            transaction))
        {
            command.AddParameter("kind", LedgerEntryKinds.ActionCompleted);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                unreflected.Add((reader.GetInt64(0), JsonSerializer.Deserialize<CompleteActionRequest>(reader.GetString(1), FirebreakJson.Options)!));
            }
        }

        // A completion whose action retention already pruned has no row to reflect it; one whose action row is still
        // there but points elsewhere was detached by hand.
        foreach (var (completedSeq, completion) in unreflected)
        {
            await using var command = connection.CreateCommand(
                "SELECT seq, completed_seq FROM actions WHERE agent_id = @agent AND idempotency_key = @key", transaction);
            command.AddParameter("agent", completion.AgentId);
            command.AddParameter("key", completion.IdempotencyKey);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Add(new DerivedMismatch(
                    "actions.completed_seq", Id(reader.GetInt64(0)), reader.GetNullableInt64(1)?.ToString(System.Globalization.CultureInfo.InvariantCulture), Id(completedSeq)));
            }
        }
    }

    private static void CompareAction(ActionRow row, SortedSet<string> entities, Mismatches mismatches)
    {
        var id = Id(row.Seq);
        if (row.Kind != LedgerEntryKinds.Action || row.Payload is null)
        {
            mismatches.Add(new DerivedMismatch("actions", id, "row", row.Kind));
            return;
        }

        var payload = JsonSerializer.Deserialize<ActionPayload>(row.Payload, FirebreakJson.Options)!;
        var expectedOutcome = payload.Outcome;
        if (row.CompletedSeq is not null)
        {
            var completion = row.CompletionKind == LedgerEntryKinds.ActionCompleted && row.CompletionPayload is { } text
                ? JsonSerializer.Deserialize<CompleteActionRequest>(text, FirebreakJson.Options)
                : null;
            if (completion is null
                || !string.Equals(completion.AgentId, payload.AgentId, StringComparison.Ordinal)
                || !string.Equals(completion.IdempotencyKey, payload.IdempotencyKey, StringComparison.Ordinal))
            {
                mismatches.Add(new DerivedMismatch("actions.completed_seq", id, Id(row.CompletedSeq.Value), "no completion of this action"));
                return;
            }

            expectedOutcome = completion.Outcome;
        }

        mismatches.Compare("actions.outcome", id, row.Outcome, StoredEnum.Name(expectedOutcome));
        mismatches.Compare("actions.agent_id", id, row.AgentId, payload.AgentId);
        mismatches.Compare("actions.idempotency_key", id, row.IdempotencyKey, payload.IdempotencyKey);
        mismatches.Compare("actions.tool", id, row.Tool, payload.Tool);
        mismatches.Compare("actions.arguments_digest", id, row.ArgumentsDigest, payload.ArgumentsDigest);
        mismatches.Compare("actions.run_id", id, row.RunId, payload.RunId);
        mismatches.Compare("actions.correlation_id", id, row.CorrelationId, payload.CorrelationId);
        mismatches.Compare("actions.release_id", id, row.ReleaseId, payload.ReleaseId);
        mismatches.Compare("actions.amount_micros", id, Text(row.AmountMicros), Text(payload.Amount is { } amount ? Money.ToMicros(amount) : null));
        mismatches.Compare("actions.currency", id, row.Currency, payload.Currency);
        var expectedEntities = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entity in payload.Entities)
        {
            if (EntityRef.TryParse(entity, out var parsed))
            {
                expectedEntities.Add($"{parsed.Type}:{parsed.Id}");
            }
        }

        if (!entities.SetEquals(expectedEntities))
        {
            mismatches.Add(new DerivedMismatch("action_entities", id, string.Join(',', entities), string.Join(',', expectedEntities)));
        }
    }

    /// <summary>Each run row's agent and status against its start and end entries; then started runs with no row.</summary>
    private static async Task CheckRunsAsync(
        DbConnection connection, DbTransaction transaction, bool pruned, Mismatches mismatches, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand(
            "SELECT r.id, r.agent_id, r.status, s.payload, n.payload FROM runs r " +
            "LEFT JOIN ledger_entries s ON s.run_id = r.id AND s.kind = @started LEFT JOIN ledger_entries n ON n.run_id = r.id AND n.kind = @ended ORDER BY r.id",
            transaction))
        {
            command.AddParameter("started", LedgerEntryKinds.RunStarted);
            command.AddParameter("ended", LedgerEntryKinds.RunEnded);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Checked();
                var id = reader.GetString(0);
                if (reader.GetNullableString(3) is not { } started)
                {
                    // Retention may have pruned the start of a run that is still open; without pruning the entry must exist.
                    if (!pruned)
                    {
                        mismatches.Add(new DerivedMismatch("runs", id, "row", null));
                    }

                    continue;
                }

                var start = JsonSerializer.Deserialize<RunStartedPayload>(started, FirebreakJson.Options)!;
                mismatches.Compare("runs.agent_id", id, reader.GetString(1), start.AgentId);
                var status = reader.GetNullableString(4) is { } ended
                    ? JsonSerializer.Deserialize<RunEndedPayload>(ended, FirebreakJson.Options)!.Status
                    : RunStatus.Running;
                mismatches.Compare("runs.status", id, reader.GetString(2), StoredEnum.Name(status));
            }
        }

        await using (var command = connection.CreateCommand(
            "SELECT e.run_id FROM ledger_entries e WHERE e.kind = @started AND NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = e.run_id) ORDER BY e.seq", transaction))
        {
            command.AddParameter("started", LedgerEntryKinds.RunStarted);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Add(new DerivedMismatch("runs", reader.GetString(0), null, "started"));
            }
        }
    }

    /// <summary>
    /// Each toxic mark against its <c>toxic_mark</c> entry; then entries with no mark. A mark with no entry is reported
    /// (marks made before toxic marks were ledgered included) unless retention may have pruned its entry: the ledger was
    /// pruned and the mark is older than every entry left (<paramref name="prunedBeforeMs"/>).
    /// </summary>
    private static async Task CheckToxicMarksAsync(
        DbConnection connection, DbTransaction transaction, long? prunedBeforeMs, Mismatches mismatches, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand(
            "SELECT t.run_id, t.reason, t.marked_by, t.marked_at, t.incident_id, e.payload FROM toxic_runs t " +
            "LEFT JOIN ledger_entries e ON e.run_id = t.run_id AND e.kind = @kind ORDER BY t.run_id",
            transaction))
        {
            command.AddParameter("kind", LedgerEntryKinds.ToxicMark);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Checked();
                var id = reader.GetString(0);
                var markedAt = reader.GetInt64(3);
                if (reader.GetNullableString(5) is not { } text)
                {
                    if (prunedBeforeMs is not { } horizon || markedAt >= horizon)
                    {
                        mismatches.Add(new DerivedMismatch("toxic_runs", id, "row", null));
                    }

                    continue;
                }

                var mark = JsonSerializer.Deserialize<ToxicMarkPayload>(text, FirebreakJson.Options)!;
                mismatches.Compare("toxic_runs.reason", id, reader.GetString(1), mark.Reason);
                mismatches.Compare("toxic_runs.marked_by", id, reader.GetString(2), mark.MarkedBy);
                mismatches.Compare("toxic_runs.marked_at", id, Text(markedAt), Text(mark.MarkedAt.ToUnixTimeMilliseconds()));
                mismatches.Compare("toxic_runs.incident_id", id, reader.GetNullableString(4), mark.IncidentId);
            }
        }

        await using (var command = connection.CreateCommand(
            "SELECT e.run_id FROM ledger_entries e WHERE e.kind = @kind AND NOT EXISTS (SELECT 1 FROM toxic_runs t WHERE t.run_id = e.run_id) ORDER BY e.seq",
            transaction))
        {
            command.AddParameter("kind", LedgerEntryKinds.ToxicMark);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                mismatches.Add(new DerivedMismatch("toxic_runs", reader.GetString(0), null, "marked"));
            }
        }
    }

    private static string Id(long seq) => seq.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string? Text(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record ActionRow(
        long Seq, string AgentId, string IdempotencyKey, string Tool, string ArgumentsDigest, string Outcome, string? RunId, string? CorrelationId,
        string? ReleaseId, long? AmountMicros, string? Currency, long? CompletedSeq, string? Kind, string? Payload, string? CompletionKind, string? CompletionPayload)
    {
        public static ActionRow Read(DbDataReader reader) => new(
            reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetNullableString(6), reader.GetNullableString(7), reader.GetNullableString(8), reader.GetNullableInt64(9), reader.GetNullableString(10),
            reader.GetNullableInt64(11), reader.GetNullableString(12), reader.GetNullableString(13), reader.GetNullableString(14), reader.GetNullableString(15));
    }

    /// <summary>Counts every disagreement and keeps the first few, so a wholesale rewrite still yields a short report.</summary>
    private sealed class Mismatches(int limit)
    {
        private readonly List<DerivedMismatch> _first = [];

        public IReadOnlyList<DerivedMismatch> First => _first;

        public long Count { get; private set; }

        public long RowsChecked { get; private set; }

        public void Checked() => RowsChecked++;

        public void Compare(string table, string id, string? stored, string? ledger)
        {
            if (!string.Equals(stored, ledger, StringComparison.Ordinal))
            {
                Add(new DerivedMismatch(table, id, stored, ledger));
            }
        }

        public void Add(DerivedMismatch mismatch)
        {
            Count++;
            if (_first.Count < limit)
            {
                _first.Add(mismatch);
            }
        }
    }
}
