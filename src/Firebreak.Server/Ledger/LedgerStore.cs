using System.Data.Common;
using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Otlp;
using Firebreak.Serialization;
using Firebreak.Server.Similarity;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Ledger;

/// <summary>
/// The decision-trace ledger: runs, their steps and their actions, appended as hash-chained entries, with
/// projections (<c>runs</c>, <c>actions</c>, <c>action_entities</c>) for queries. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed class LedgerStore(Database database, StoreWriter writer)
{
    private readonly Lock _fullScanGate = new();

    /// <summary>The full rescan in progress, if any: concurrent callers share it instead of each reading the whole chain.</summary>
    private Task<LedgerVerification>? _fullScan;

    /// <summary>The last entry a verification on this node found intact; later calls continue from it.</summary>
    private VerifiedEntry? _verified;

    /// <summary>The columns <see cref="ReadAction"/> reads, over <c>actions a</c> joined to its entries.</summary>
    internal const string ActionColumns =
        "a.seq, a.outcome, a.recorded_at, e.payload, e.hash, c.payload FROM actions a JOIN ledger_entries e ON e.seq = a.seq LEFT JOIN ledger_entries c ON c.seq = a.completed_seq";

    private static readonly RowInsert ActionRows = new(
        "actions", "seq", "agent_id", "idempotency_key", "tool", "arguments_digest", "outcome", "run_id", "correlation_id", "release_id",
        "amount_micros", "currency", "recorded_at");

    private static readonly RowInsert EntityRows = new("action_entities", "action_seq", "entity_type", "entity_id");

    private const string RunColumns =
        "id, agent_id, correlation_id, traceparent, release_id, agent_version, prompt_version, model_id, status, started_at, ended_at, " +
        "t.reason, t.marked_by, t.marked_at, t.incident_id FROM runs LEFT JOIN toxic_runs t ON t.run_id = runs.id";

    public Task<WriteResult<RunRecord>> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => StartRun(context, request), cancellationToken);

    public Task<WriteResult<TraceItem>> AppendStepAsync(string runId, AppendStepRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => AppendStep(context, runId, request), cancellationToken);

    public Task<WriteResult<RunRecord>> EndRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => EndRun(context, runId, request), cancellationToken);

    /// <summary>
    /// Records an action unless its idempotency key is taken. The canonical digest, the payload and the entity index
    /// rows are prepared here, on the caller's thread, so the single writer only checks, chains and inserts.
    /// </summary>
    public Task<WriteResult<ActionRecord>> RecordActionAsync(RecordActionRequest request, CancellationToken cancellationToken)
    {
        var action = PreparedAction.From(request);
        return writer.WriteActionAsync(action.Key, context => RecordAction(context, action), cancellationToken);
    }

    /// <summary>
    /// Writes one run of an OTLP export in one transaction: starts the run unless it exists, appends the steps of the
    /// spans it does not hold yet, records their actions unless their idempotency keys are taken, and ends the run when
    /// its run span came. Returns the spans that could not be written, and why.
    /// </summary>
    public async Task<IReadOnlyList<OtlpRejection>> IngestRunAsync(OtlpRunPlan plan, CancellationToken cancellationToken) =>
        await writer.WriteAsync(context => IngestRun(context, plan), cancellationToken);

    public Task<WriteResult<ActionRecord>> CompleteActionAsync(CompleteActionRequest request, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => CompleteAction(context, request), cancellationToken);

    /// <summary>
    /// Prunes at most <paramref name="maxEntries"/> of the oldest entries recorded before <paramref name="cutoff"/>,
    /// keeping the hash of the last pruned entry as the checkpoint the chain is verified from. Returns the count pruned.
    /// </summary>
    /// <param name="cutoff">Entries recorded before this are pruned.</param>
    /// <param name="maxEntries">Most entries pruned in this call.</param>
    /// <param name="cancellationToken">Cancels the wait for the write.</param>
    /// <param name="signCheckpoint">
    /// Signs the new checkpoint's bytes (<see cref="LedgerAnchor.CheckpointBytes"/>) when anchoring is on, so anchor
    /// checks can tell this pruning from a prefix deleted by hand; null leaves the checkpoint unsigned.
    /// </param>
    public Task<long> PruneAsync(DateTimeOffset cutoff, int maxEntries, CancellationToken cancellationToken, Func<byte[], string>? signCheckpoint = null) =>
        writer.WriteAsync(context => Prune(context, cutoff.ToUnixTimeMilliseconds(), maxEntries, signCheckpoint), cancellationToken);

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {RunColumns} WHERE id = @id");
        command.AddParameter("id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
    }

    public async Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("agent_id = @agent", "agent", query.AgentId)
            .Where("correlation_id = @correlation", "correlation", query.CorrelationId)
            .Where("started_at < @before", "before", query.Before?.ToUnixTimeMilliseconds());
        command.CommandText = $"SELECT {RunColumns}{filter} ORDER BY started_at DESC, id DESC LIMIT @limit";
        command.AddParameter("limit", query.Limit);
        var runs = await command.ReadAllAsync(ReadRun, cancellationToken);

        return runs;
    }

    public async Task<DecisionTrace?> GetTraceAsync(string runId, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT seq, kind, recorded_at, payload, hash FROM ledger_entries WHERE run_id = @run ORDER BY seq");
        command.AddParameter("run", runId);
        var items = new List<TraceItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(3));
            items.Add(new TraceItem(
                reader.GetInt64(0),
                reader.GetString(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                payload.RootElement.Clone(),
                reader.GetString(4)));
        }

        return new DecisionTrace(run, items);
    }

    public async Task<IReadOnlyList<DecisionTrace>> GetTracesByCorrelationAsync(string correlationId, int limit, CancellationToken cancellationToken)
    {
        var runs = await ListRunsAsync(new RunQuery(CorrelationId: correlationId, Limit: limit), cancellationToken);
        var traces = new List<DecisionTrace>(runs.Count);
        foreach (var run in runs.Reverse())
        {
            if (await GetTraceAsync(run.Id, cancellationToken) is { } trace)
            {
                traces.Add(trace);
            }
        }

        return traces;
    }

    public async Task<ActionRecord?> GetActionAsync(string agentId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {ActionColumns} WHERE a.agent_id = @agent AND a.idempotency_key = @key");
        command.AddParameter("agent", agentId);
        command.AddParameter("key", idempotencyKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAction(reader) : null;
    }

    public async Task<IReadOnlyList<ActionRecord>> ListActionsAsync(ActionQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("a.agent_id = @agent", "agent", query.AgentId)
            .Where("a.run_id = @run", "run", query.RunId)
            .Where("a.seq < @before", "before", query.BeforeSeq);
        command.CommandText = $"SELECT {ActionColumns}{filter} ORDER BY a.seq DESC LIMIT @limit";
        command.AddParameter("limit", query.Limit);
        var actions = await command.ReadAllAsync(ReadAction, cancellationToken);

        return actions;
    }

    /// <summary>
    /// Recomputes every hash from the checkpoint (or genesis) to the head, streaming, in one consistent snapshot. A call
    /// made while another node-local rescan runs shares that rescan's result, so repeated calls cost one scan at a time.
    /// </summary>
    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        lock (_fullScanGate)
        {
            if (_fullScan is not { IsCompleted: false })
            {
                // Not the caller's token: the scan is shared, and one caller giving up must not fail the others.
                _fullScan = VerifyAsync(full: true, CancellationToken.None);
            }

            return _fullScan.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Continues from the last entry an earlier verification on this node found intact, after checking that entry still
    /// has the hash it had, so a call costs the entries appended since; the first call, or one after retention pruned past
    /// that entry, rescans from the checkpoint. A rewrite that stops short of that entry is found only by a full rescan.
    /// </summary>
    public Task<LedgerVerification> VerifyIncrementallyAsync(CancellationToken cancellationToken) => VerifyAsync(full: false, cancellationToken);

    /// <summary>
    /// Recomputes the hash chain up to the head, streaming, in one consistent snapshot, from the checkpoint (or genesis)
    /// or, unless <paramref name="full"/>, from the remembered last verified entry.
    /// </summary>
    private async Task<LedgerVerification> VerifyAsync(bool full, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = database.BeginSnapshot(connection);
        long? checkpointSeq = null;
        string? checkpointHash = null;
        await using (var checkpoint = connection.CreateCommand("SELECT seq, hash FROM ledger_checkpoint WHERE id = 1", transaction))
        await using (var reader = await checkpoint.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                checkpointSeq = reader.GetInt64(0);
                checkpointHash = reader.GetString(1);
            }
        }

        long headSeq;
        string headHash;
        await using (var head = connection.CreateCommand("SELECT seq, hash FROM ledger_head WHERE id = 1", transaction))
        await using (var reader = await head.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            headSeq = reader.GetInt64(0);
            headHash = reader.GetString(1);
        }

        var from = full ? null : Volatile.Read(ref _verified);
        if (from is not null && (from.Seq <= (checkpointSeq ?? 0) || await HashAtAsync(connection, transaction, from.Seq, cancellationToken) != from.Hash))
        {
            // Retention pruned past the remembered entry, or the entry changed under it: only a full rescan can say more.
            from = null;
        }

        var verifier = from is null ? new ChainVerifier(checkpointSeq, checkpointHash) : new ChainVerifier(from.Seq, from.Hash);
        var last = from ?? new VerifiedEntry(checkpointSeq ?? 0, checkpointHash ?? LedgerChain.Genesis);
        await using (var entries = connection.CreateCommand(
            "SELECT seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash FROM ledger_entries WHERE seq > @after ORDER BY seq", transaction))
        {
            entries.AddParameter("after", from?.Seq ?? 0);
            await using var reader = await entries.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var entry = ReadEntry(reader);
                if (!verifier.Accept(entry))
                {
                    break;
                }

                last = new VerifiedEntry(entry.Seq, entry.Hash);
            }
        }

        verifier.AcceptHead(headSeq, headHash);
        await transaction.CommitAsync(cancellationToken);
        var result = verifier.Result() with { CheckpointSeq = checkpointSeq, ContinuedFromSeq = from?.Seq };
        if (result.Valid)
        {
            Volatile.Write(ref _verified, last);
        }

        return result;
    }

    internal static LedgerEntry ReadEntry(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        reader.GetNullableString(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7));

    private static async Task<string?> HashAtAsync(DbConnection connection, DbTransaction transaction, long seq, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand("SELECT hash FROM ledger_entries WHERE seq = @seq", transaction);
        command.AddParameter("seq", seq);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static WriteResult<RunRecord> StartRun(WriteContext context, StartRunRequest request)
    {
        var runId = request.RunId ?? $"run_{Guid.CreateVersion7():N}";
        if (FindRun(context, runId) is { } existing)
        {
            return string.Equals(existing.AgentId, request.AgentId, StringComparison.Ordinal)
                ? WriteResult<RunRecord>.Existing(existing)
                : WriteResult<RunRecord>.Conflict($"Run '{runId}' already exists for agent '{existing.AgentId}'.");
        }

        var correlationId = request.CorrelationId
            ?? (request.Traceparent is { } traceparent ? Traceparent.TraceId(traceparent) : Guid.CreateVersion7().ToString("N"));
        var release = request.Release ?? new ReleaseRef();
        var payload = new RunStartedPayload(runId, request.AgentId, correlationId, request.Traceparent, release);
        context.Append(LedgerEntryKinds.RunStarted, runId, request.AgentId, Serialize(payload));
        context.Execute(
            "INSERT INTO runs (id, agent_id, correlation_id, traceparent, release_id, agent_version, prompt_version, model_id, status, started_at) VALUES (@id, @agent, @correlation, @traceparent, @release, @agentVersion, @promptVersion, @model, @status, @at)",
            ("id", runId), ("agent", request.AgentId), ("correlation", correlationId), ("traceparent", request.Traceparent),
            ("release", release.ReleaseId), ("agentVersion", release.AgentVersion), ("promptVersion", release.PromptVersion),
            ("model", release.ModelId), ("status", StoredEnum.Name(RunStatus.Running)), ("at", context.NowMs));
        if (request.Input is { } input)
        {
            AppendStepEntry(context, runId, request.AgentId, new AppendStepRequest(StepKind.Input, Data: input));
        }

        return WriteResult<RunRecord>.Created(new RunRecord(
            runId, request.AgentId, correlationId, request.Traceparent, release, RunStatus.Running, context.Now, null));
    }

    private static WriteResult<TraceItem> AppendStep(WriteContext context, string runId, AppendStepRequest request)
    {
        var run = FindRun(context, runId);
        if (run is null)
        {
            return WriteResult<TraceItem>.NotFound($"Run '{runId}' does not exist.");
        }

        if (run.Status is not RunStatus.Running)
        {
            return WriteResult<TraceItem>.Conflict($"Run '{runId}' has ended ({StoredEnum.Name(run.Status)}); its trace is closed.");
        }

        return WriteResult<TraceItem>.Created(AppendStepEntry(context, runId, run.AgentId, request));
    }

    private static WriteResult<RunRecord> EndRun(WriteContext context, string runId, EndRunRequest request)
    {
        var run = FindRun(context, runId);
        if (run is null)
        {
            return WriteResult<RunRecord>.NotFound($"Run '{runId}' does not exist.");
        }

        if (run.Status is not RunStatus.Running)
        {
            return run.Status == request.Status && request.Output is null
                ? WriteResult<RunRecord>.Existing(run)
                : WriteResult<RunRecord>.Conflict($"Run '{runId}' has already ended ({StoredEnum.Name(run.Status)}).");
        }

        if (request.Output is { } output)
        {
            AppendStepEntry(context, runId, run.AgentId, new AppendStepRequest(StepKind.Output, Data: output));
        }

        context.Append(LedgerEntryKinds.RunEnded, runId, run.AgentId, Serialize(new RunEndedPayload(runId, request.Status)));
        context.Execute(
            "UPDATE runs SET status = @status, ended_at = @at WHERE id = @id",
            ("status", StoredEnum.Name(request.Status)), ("at", context.NowMs), ("id", runId));
        RunSignatureRows.Record(context, run, request.Status);
        return WriteResult<RunRecord>.Created(run with { Status = request.Status, EndedAt = context.Now });
    }

    private static WriteResult<ActionRecord> RecordAction(WriteContext context, PreparedAction action)
    {
        var request = action.Request;
        if (context.IsActionKeyTaken(action.Key) && FindAction(context, request.AgentId, request.IdempotencyKey) is { } existing)
        {
            return string.Equals(existing.Tool, request.Tool, StringComparison.Ordinal)
                && string.Equals(existing.ArgumentsDigest, action.Payload.ArgumentsDigest, StringComparison.Ordinal)
                    ? WriteResult<ActionRecord>.Existing(existing)
                    : WriteResult<ActionRecord>.Conflict(
                        $"Idempotency key '{request.IdempotencyKey}' was already used by agent '{request.AgentId}' for a call with different arguments.");
        }

        var payload = action.Payload;
        var json = action.Json;
        if (request.RunId is { } runId)
        {
            var run = FindRun(context, runId);
            if (run is null || !string.Equals(run.AgentId, request.AgentId, StringComparison.Ordinal))
            {
                return WriteResult<ActionRecord>.NotFound($"Run '{runId}' of agent '{request.AgentId}' does not exist.");
            }

            if ((payload.CorrelationId is null && run.CorrelationId is not null) || (payload.ReleaseId is null && run.Release.ReleaseId is not null))
            {
                payload = payload with { CorrelationId = payload.CorrelationId ?? run.CorrelationId, ReleaseId = payload.ReleaseId ?? run.Release.ReleaseId };
                json = Serialize(payload);
            }
        }

        var entry = context.Append(LedgerEntryKinds.Action, request.RunId, request.AgentId, json);
        context.Insert(
            ActionRows,
            entry.Seq, request.AgentId, request.IdempotencyKey, request.Tool, payload.ArgumentsDigest, action.OutcomeName, request.RunId,
            payload.CorrelationId, payload.ReleaseId, action.AmountMicros, request.Currency, context.NowMs);
        foreach (var entity in action.Entities)
        {
            context.Insert(EntityRows, entry.Seq, entity.Type, entity.Id);
        }

        context.TakeActionKey(action.Key);
        return WriteResult<ActionRecord>.Created(ToRecord(entry.Seq, payload, request.Outcome, payload.Result, entry.RecordedAtMs, entry.Hash));
    }

    private static List<OtlpRejection> IngestRun(WriteContext context, OtlpRunPlan plan)
    {
        var run = FindRun(context, plan.RunId);
        if (run is null)
        {
            run = StartRun(context, plan.Start).Value!;
        }
        else if (!string.Equals(run.AgentId, plan.AgentId, StringComparison.Ordinal))
        {
            var reason = $"run '{plan.RunId}' is recorded for agent '{run.AgentId}', not '{plan.AgentId}'";
            var spans = plan.End is null ? plan.Writes.Select(w => w.SpanId) : plan.Writes.Select(w => w.SpanId).Append(plan.RunSpanId);
            return [.. spans.Select(span => new OtlpRejection(span, reason))];
        }

        var rejections = new List<OtlpRejection>();
        var recorded = RecordedSpans(context, plan.RunId);
        foreach (var write in plan.Writes)
        {
            var existing = write.Action is { } action ? FindAction(context, action.AgentId, action.IdempotencyKey) : null;
            if (existing is not null
                && (!string.Equals(existing.Tool, write.Action!.Tool, StringComparison.Ordinal)
                    || !string.Equals(existing.ArgumentsDigest, CanonicalJson.Digest(write.Action.Arguments), StringComparison.Ordinal)))
            {
                rejections.Add(new OtlpRejection(write.SpanId, $"the span's tool call differs from the one already recorded under '{existing.IdempotencyKey}'"));
                continue;
            }

            if (recorded.Contains(write.SpanId))
            {
                continue;
            }

            if (run.Status is not RunStatus.Running)
            {
                rejections.Add(new OtlpRejection(write.SpanId, $"run '{plan.RunId}' has ended ({StoredEnum.Name(run.Status)}); its trace is closed"));
                continue;
            }

            AppendStepEntry(context, plan.RunId, plan.AgentId, write.Step);
            if (write.Action is { } recordedAction && existing is null
                && RecordAction(context, PreparedAction.From(recordedAction)) is { Status: not WriteStatus.Created } refused)
            {
                rejections.Add(new OtlpRejection(write.SpanId, refused.Detail!));
            }
        }

        if (plan.End is { } status && run.Status is RunStatus.Running)
        {
            EndRun(context, plan.RunId, new EndRunRequest(status));
        }

        return rejections;
    }

    /// <summary>The spans whose steps a run already holds: ingest names each step's span in <c>data.otel.spanId</c>.</summary>
    private static HashSet<string> RecordedSpans(WriteContext context, string runId)
    {
        var spans = new HashSet<string>(StringComparer.Ordinal);
        using var reader = context.Query("SELECT payload FROM ledger_entries WHERE run_id = @run AND kind = @kind", ("run", runId), ("kind", LedgerEntryKinds.Step));
        while (reader.Read())
        {
            using var payload = JsonDocument.Parse(reader.GetString(0));
            if (payload.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("otel", out var otel) && otel.ValueKind == JsonValueKind.Object
                && otel.TryGetProperty("spanId", out var span) && span.ValueKind == JsonValueKind.String)
            {
                spans.Add(span.GetString()!);
            }
        }

        return spans;
    }

    private static WriteResult<ActionRecord> CompleteAction(WriteContext context, CompleteActionRequest request)
    {
        var existing = FindAction(context, request.AgentId, request.IdempotencyKey);
        if (existing is null)
        {
            return WriteResult<ActionRecord>.NotFound($"Agent '{request.AgentId}' has no action with idempotency key '{request.IdempotencyKey}'.");
        }

        if (existing.Outcome is not ActionOutcome.Pending)
        {
            return existing.Outcome == request.Outcome
                ? WriteResult<ActionRecord>.Existing(existing)
                : WriteResult<ActionRecord>.Conflict(
                    $"Action '{request.IdempotencyKey}' already completed as {StoredEnum.Name(existing.Outcome)}.");
        }

        var entry = context.Append(LedgerEntryKinds.ActionCompleted, existing.RunId, request.AgentId, Serialize(request));
        context.Execute(
            "UPDATE actions SET outcome = @outcome, completed_seq = @completed WHERE seq = @seq",
            ("outcome", StoredEnum.Name(request.Outcome)), ("completed", entry.Seq), ("seq", existing.Seq));
        return WriteResult<ActionRecord>.Created(existing with { Outcome = request.Outcome, Result = request.Result ?? existing.Result });
    }

    private static long Prune(WriteContext context, long cutoffMs, int maxEntries, Func<byte[], string>? signCheckpoint)
    {
        var first = context.Scalar("SELECT MIN(seq) FROM ledger_entries") is { } min ? Convert.ToInt64(min, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (first == 0)
        {
            return 0;
        }

        var keepFrom = context.Scalar("SELECT MIN(seq) FROM ledger_entries WHERE recorded_at >= @cutoff", ("cutoff", cutoffMs)) is { } keep
            ? Convert.ToInt64(keep, System.Globalization.CultureInfo.InvariantCulture)
            : context.Head.Seq + 1;
        var last = Math.Min(keepFrom - 1, first + maxEntries - 1);
        if (last < first)
        {
            return 0;
        }

        var hash = (string)context.Scalar("SELECT hash FROM ledger_entries WHERE seq = @seq", ("seq", last))!;
        context.Execute(
            "INSERT INTO ledger_checkpoint (id, seq, hash, pruned_at, signature) VALUES (1, @seq, @hash, @at, @signature) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, pruned_at = excluded.pruned_at, signature = excluded.signature",
            ("seq", last), ("hash", hash), ("at", context.NowMs), ("signature", signCheckpoint?.Invoke(LedgerAnchor.CheckpointBytes(last, hash, context.NowMs))));
        context.Execute("DELETE FROM action_entities WHERE action_seq <= @seq", ("seq", last));
        context.Execute("DELETE FROM actions WHERE seq <= @seq", ("seq", last));
        context.Execute("DELETE FROM runs WHERE started_at < @cutoff AND COALESCE(ended_at, started_at) < @cutoff", ("cutoff", cutoffMs));
        context.Execute("DELETE FROM run_signature_runs WHERE started_at < @cutoff AND run_id NOT IN (SELECT id FROM runs)", ("cutoff", cutoffMs));
        return context.Execute("DELETE FROM ledger_entries WHERE seq <= @seq", ("seq", last));
    }

    private static TraceItem AppendStepEntry(WriteContext context, string runId, string agentId, AppendStepRequest request)
    {
        var payload = Serialize(request);
        var entry = context.Append(LedgerEntryKinds.Step, runId, agentId, payload);
        using var document = JsonDocument.Parse(payload);
        return new TraceItem(entry.Seq, entry.Kind, context.Now, document.RootElement.Clone(), entry.Hash);
    }

    private static RunRecord? FindRun(WriteContext context, string runId)
    {
        using var reader = context.Query($"SELECT {RunColumns} WHERE id = @id", ("id", runId));
        return reader.Read() ? ReadRun(reader) : null;
    }

    private static ActionRecord? FindAction(WriteContext context, string agentId, string key)
    {
        using var reader = context.Query($"SELECT {ActionColumns} WHERE a.agent_id = @agent AND a.idempotency_key = @key", ("agent", agentId), ("key", key));
        return reader.Read() ? ReadAction(reader) : null;
    }

    private static RunRecord ReadRun(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetNullableString(3),
        new ReleaseRef(reader.GetNullableString(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.GetNullableString(7)),
        StoredEnum.Parse<RunStatus>(reader.GetString(8)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
        reader.GetNullableInt64(10) is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
        reader.GetNullableString(11) is { } reason
            ? new ToxicMark(reason, reader.GetString(12), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)), reader.GetNullableString(14))
            : null);

    internal static ActionRecord ReadAction(DbDataReader reader)
    {
        var payload = JsonSerializer.Deserialize<ActionPayload>(reader.GetString(3), FirebreakJson.Options)!;
        var completion = reader.GetNullableString(5) is { } completed
            ? JsonSerializer.Deserialize<CompleteActionRequest>(completed, FirebreakJson.Options)
            : null;
        return ToRecord(
            reader.GetInt64(0),
            payload,
            StoredEnum.Parse<ActionOutcome>(reader.GetString(1)),
            completion?.Result ?? payload.Result,
            reader.GetInt64(2),
            reader.GetString(4));
    }

    private static ActionRecord ToRecord(long seq, ActionPayload payload, ActionOutcome outcome, JsonElement? result, long recordedAtMs, string hash) => new(
        seq, payload.AgentId, payload.IdempotencyKey, payload.Tool, payload.Arguments, payload.ArgumentsDigest, outcome, payload.RunId,
        result, payload.Entities, payload.Amount, payload.Currency, payload.CorrelationId, payload.ReleaseId,
        DateTimeOffset.FromUnixTimeMilliseconds(recordedAtMs), hash);

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);

    private sealed record VerifiedEntry(long Seq, string Hash);

    /// <summary>An action request with everything that does not depend on stored state already computed.</summary>
    private sealed record PreparedAction(
        RecordActionRequest Request, ActionKey Key, ActionPayload Payload, string Json, string OutcomeName, long? AmountMicros, EntityRef[] Entities)
    {
        public static PreparedAction From(RecordActionRequest request)
        {
            var entities = request.Entities ?? [];
            var payload = new ActionPayload(
                request.AgentId, request.IdempotencyKey, request.Tool, request.Arguments, CanonicalJson.Digest(request.Arguments), request.Outcome,
                request.RunId, request.Result, entities, request.Amount, request.Currency, request.CorrelationId, request.ReleaseId, request.DurationMs);
            var index = new List<EntityRef>(entities.Count);
            foreach (var entity in entities.Distinct(StringComparer.Ordinal))
            {
                if (EntityRef.TryParse(entity, out var parsed))
                {
                    index.Add(parsed);
                }
            }

            return new PreparedAction(
                request, new ActionKey(request.AgentId, request.IdempotencyKey), payload, Serialize(payload), StoredEnum.Name(request.Outcome),
                request.Amount is { } amount ? Money.ToMicros(amount) : null, [.. index]);
        }
    }
}
