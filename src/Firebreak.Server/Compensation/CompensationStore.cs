using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Compensation runs, their items and mitigation tasks. Every item state change is its own committed write, so the
/// runner's progress survives a crash at any point; <c>compensation_items.action_seq</c> is unique across runs, so an
/// action is held by at most one run. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed class CompensationStore(Database database, StoreWriter writer)
{
    private const string RunColumns =
        "id, selection, incident_id, status, max_concurrency, rate_per_second, created_by, created_at, approved_by, approved_at, started_at, finished_at, cancelled_by FROM compensation_runs";

    private const string ItemColumns =
        "action_seq, agent_id, idempotency_key, tool, entities, amount_micros, currency, kind, target, compensation_key, state, attempts, error, verified, verify_detail, updated_at FROM compensation_items";

    private const string HookColumns =
        "ordinal, agent_id, kind, source, since, until, target, hook_key, state, attempts, error, verified, verify_detail, action_seq, updated_at FROM compensation_hooks";

    private const string MitigationColumns =
        "id, run_id, action_seq, agent_id, tool, entities, task, owner, status, incident_id, created_at, updated_at, updated_by FROM mitigation_tasks";

    /// <summary>Stores a planned run; items whose action another run already holds are recorded as exclusions instead.</summary>
    public Task<string> PlanAsync(
        BlastRadiusSelection selection, int maxConcurrency, int ratePerSecond, IReadOnlyList<CompensationItem> items, string actor, CancellationToken cancellationToken) =>
        PlanAsync($"cmp_{Guid.CreateVersion7():N}", selection, maxConcurrency, ratePerSecond, items, [], actor, cancellationToken);

    /// <summary>Stores a planned run under <paramref name="id"/> with the memory purges and knowledge quarantines it calls.</summary>
    public Task<string> PlanAsync(
        string id,
        BlastRadiusSelection selection,
        int maxConcurrency,
        int ratePerSecond,
        IReadOnlyList<CompensationItem> items,
        IReadOnlyList<CompensationHook> hooks,
        string actor,
        CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Plan(context, id, selection, maxConcurrency, ratePerSecond, items, hooks, actor), cancellationToken);

    /// <summary>
    /// Cancels a run before approval: its items are deleted, so the actions it held are free for another run, and its
    /// hooks are skipped. A run approved or further along is refused.
    /// </summary>
    public Task<WriteResult<CompensationRunStatus>> CancelAsync(string id, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Cancel(context, id, actor), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> ApproveAsync(string id, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Move(context, id, CompensationRunStatus.Planned, CompensationRunStatus.Approved, actor), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> StartAsync(string id, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Move(context, id, CompensationRunStatus.Approved, CompensationRunStatus.Executing, actor: null), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> FinishAsync(string id, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Move(context, id, CompensationRunStatus.Executing, CompensationRunStatus.Completed, actor: null), cancellationToken);

    /// <summary>Committed before the compensator is called: a crash after this point calls it again with the same key.</summary>
    public Task MarkStartedAsync(long actionSeq, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_items SET state = @state, attempts = attempts + 1, updated_at = @at WHERE action_seq = @seq",
                ("state", StoredEnum.Name(CompensationItemState.Started)), ("at", context.NowMs), ("seq", actionSeq)),
            cancellationToken);

    public Task MarkDoneAsync(long actionSeq, bool? verified, string? detail, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_items SET state = @state, error = NULL, verified = @verified, verify_detail = @detail, updated_at = @at WHERE action_seq = @seq",
                ("state", StoredEnum.Name(CompensationItemState.Done)), ("verified", verified is { } v ? (v ? 1 : 0) : null), ("detail", detail),
                ("at", context.NowMs), ("seq", actionSeq)),
            cancellationToken);

    /// <summary>Records an attempt's error; the item stays <c>started</c> (to be retried) unless <paramref name="final"/>.</summary>
    public Task MarkErrorAsync(long actionSeq, string error, bool final, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_items SET state = @state, error = @error, updated_at = @at WHERE action_seq = @seq",
                ("state", StoredEnum.Name(final ? CompensationItemState.Failed : CompensationItemState.Started)), ("error", error),
                ("at", context.NowMs), ("seq", actionSeq)),
            cancellationToken);

    /// <summary>
    /// In-process compensations of <paramref name="agentId"/> waiting for a process of the agent: items of executing runs
    /// that the runner handed over (<c>started</c>) and no process has reported yet.
    /// </summary>
    public async Task<IReadOnlyList<(long ActionSeq, string RunId, string IdempotencyKey, string CompensationKey, int Attempts)>> ListDispatchedAsync(
        string agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT i.action_seq, i.run_id, i.idempotency_key, i.compensation_key, i.attempts FROM compensation_items i JOIN compensation_runs r ON r.id = i.run_id WHERE i.agent_id = @agent AND i.kind = @kind AND i.state = @state AND r.status = @executing ORDER BY i.action_seq LIMIT @limit");
        command.AddParameter("agent", agentId);
        command.AddParameter("kind", StoredEnum.Name(CompensationKind.InProcess));
        command.AddParameter("state", StoredEnum.Name(CompensationItemState.Started));
        command.AddParameter("executing", StoredEnum.Name(CompensationRunStatus.Executing));
        command.AddParameter("limit", limit);
        var items = new List<(long, string, string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return items;
    }

    /// <summary>
    /// Records what an agent's process did with a dispatched item. Only a <c>started</c> in-process item moves: a report
    /// on an item that already ended (a second process, a repeated report) changes nothing. An error counts an attempt
    /// and leaves the item dispatched for another try, until <paramref name="maxAttempts"/> makes it <c>failed</c>.
    /// </summary>
    public Task<WriteResult<CompensationItemState>> ReportAsync(long actionSeq, string agentId, CompensationReport report, int maxAttempts, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Report(context, actionSeq, agentId, report, maxAttempts), cancellationToken);

    /// <summary>Committed before the hook is called, like <see cref="MarkStartedAsync"/>.</summary>
    public Task MarkHookStartedAsync(string runId, int ordinal, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_hooks SET state = @state, attempts = attempts + 1, updated_at = @at WHERE run_id = @run AND ordinal = @ordinal",
                ("state", StoredEnum.Name(CompensationItemState.Started)), ("at", context.NowMs), ("run", runId), ("ordinal", ordinal)),
            cancellationToken);

    /// <summary>Remembers the ledger action that records the hook, once it is recorded.</summary>
    public Task SetHookActionAsync(string runId, int ordinal, long actionSeq, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_hooks SET action_seq = @seq WHERE run_id = @run AND ordinal = @ordinal",
                ("seq", actionSeq), ("run", runId), ("ordinal", ordinal)),
            cancellationToken);

    public Task MarkHookDoneAsync(string runId, int ordinal, bool? verified, string? detail, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_hooks SET state = @state, error = NULL, verified = @verified, verify_detail = @detail, updated_at = @at WHERE run_id = @run AND ordinal = @ordinal",
                ("state", StoredEnum.Name(CompensationItemState.Done)), ("verified", verified is { } v ? (v ? 1 : 0) : null), ("detail", detail),
                ("at", context.NowMs), ("run", runId), ("ordinal", ordinal)),
            cancellationToken);

    /// <summary>Records an attempt's error; the hook stays <c>started</c> (to be retried) unless <paramref name="final"/>.</summary>
    public Task MarkHookErrorAsync(string runId, int ordinal, string error, bool final, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "UPDATE compensation_hooks SET state = @state, error = @error, updated_at = @at WHERE run_id = @run AND ordinal = @ordinal",
                ("state", StoredEnum.Name(final ? CompensationItemState.Failed : CompensationItemState.Started)), ("error", error),
                ("at", context.NowMs), ("run", runId), ("ordinal", ordinal)),
            cancellationToken);

    public async Task<IReadOnlyList<CompensationHook>> ListHooksAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadHooksAsync(connection, runId, cancellationToken);
    }

    /// <summary>Creates the task once per action, whichever attempt gets here first.</summary>
    public Task CreateMitigationAsync(string runId, CompensationItem item, string owner, string? incidentId, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            context => context.Execute(
                "INSERT INTO mitigation_tasks (id, run_id, action_seq, agent_id, tool, entities, task, owner, status, incident_id, created_at, updated_at, updated_by) VALUES (@id, @run, @seq, @agent, @tool, @entities, @task, @owner, @status, @incident, @at, @at, @by) ON CONFLICT (action_seq) DO NOTHING",
                ("id", $"mit_{Guid.CreateVersion7():N}"), ("run", runId), ("seq", item.ActionSeq), ("agent", item.AgentId), ("tool", item.Tool),
                ("entities", Serialize(item.Entities)), ("task", item.Target ?? item.Tool), ("owner", owner), ("status", StoredEnum.Name(MitigationStatus.Open)),
                ("incident", incidentId), ("at", context.NowMs), ("by", "compensation")),
            cancellationToken);

    public Task<WriteResult<MitigationTask>> UpdateMitigationAsync(string id, MitigationUpdateRequest request, string actor, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => UpdateMitigation(context, id, request, actor), cancellationToken);

    public async Task<CompensationRun?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadRunAsync(connection, id, cancellationToken);
    }

    public async Task<IReadOnlyList<CompensationRun>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = new List<string>();
        await using (var command = connection.CreateCommand("SELECT id FROM compensation_runs ORDER BY created_at DESC, id DESC LIMIT @limit"))
        {
            command.AddParameter("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var runs = new List<CompensationRun>(ids.Count);
        foreach (var id in ids)
        {
            runs.Add((await ReadRunAsync(connection, id, cancellationToken))!);
        }

        return runs;
    }

    /// <summary>Runs that were executing, to resume after a restart.</summary>
    public async Task<IReadOnlyList<string>> ListExecutingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT id FROM compensation_runs WHERE status = @status ORDER BY created_at");
        command.AddParameter("status", StoredEnum.Name(CompensationRunStatus.Executing));
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    public async Task<IReadOnlyList<CompensationItem>> ListItemsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadItemsAsync(connection, runId, cancellationToken);
    }

    public async Task<CompensationRunDetail?> GetDetailAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await ReadRunAsync(connection, id, cancellationToken) is not { } run)
        {
            return null;
        }

        var items = await ReadItemsAsync(connection, id, cancellationToken);
        var excluded = new List<AlreadyCompensated>();
        await using (var command = connection.CreateCommand(
            "SELECT i.action_seq, i.idempotency_key, i.tool, i.run_id, i.state FROM compensation_exclusions x JOIN compensation_items i ON i.action_seq = x.action_seq WHERE x.run_id = @run ORDER BY i.action_seq"))
        {
            command.AddParameter("run", id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                excluded.Add(new AlreadyCompensated(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), StoredEnum.Parse<CompensationItemState>(reader.GetString(4))));
            }
        }

        var hooks = await ReadHooksAsync(connection, id, cancellationToken);
        var policyHits = await ReadPolicyHitsAsync(connection, run.Selection, cancellationToken);
        return new CompensationRunDetail(
            run, items, excluded, [.. items.Where(i => i.State == CompensationItemState.Failed)], IntegrityReport.Of(items, hooks, policyHits), hooks);
    }

    public async Task<IReadOnlyList<MitigationTask>> ListMitigationsAsync(MitigationStatus? status, string? runId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = new SqlFilter(command)
            .Where("status = @status", "status", status is { } s ? StoredEnum.Name(s) : null)
            .Where("run_id = @run", "run", runId);
        command.CommandText = $"SELECT {MitigationColumns}{filter} ORDER BY created_at, id LIMIT @limit";
        command.AddParameter("limit", limit);
        var tasks = new List<MitigationTask>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tasks.Add(ReadMitigation(reader));
        }

        return tasks;
    }

    private static string Plan(
        WriteContext context,
        string id,
        BlastRadiusSelection selection,
        int maxConcurrency,
        int ratePerSecond,
        IReadOnlyList<CompensationItem> items,
        IReadOnlyList<CompensationHook> hooks,
        string actor)
    {
        context.Execute(
            "INSERT INTO compensation_runs (id, selection, incident_id, status, max_concurrency, rate_per_second, created_by, created_at) VALUES (@id, @selection, @incident, @status, @concurrency, @rate, @by, @at)",
            ("id", id), ("selection", Serialize(selection)), ("incident", selection.IncidentId), ("status", StoredEnum.Name(CompensationRunStatus.Planned)),
            ("concurrency", maxConcurrency), ("rate", ratePerSecond), ("by", actor), ("at", context.NowMs));
        foreach (var item in items)
        {
            var inserted = context.Execute(
                "INSERT INTO compensation_items (action_seq, run_id, agent_id, idempotency_key, tool, entities, amount_micros, currency, kind, target, compensation_key, state, attempts, error, updated_at) VALUES (@seq, @run, @agent, @key, @tool, @entities, @amount, @currency, @kind, @target, @ckey, @state, 0, @error, @at) ON CONFLICT (action_seq) DO NOTHING",
                ("seq", item.ActionSeq), ("run", id), ("agent", item.AgentId), ("key", item.IdempotencyKey), ("tool", item.Tool),
                ("entities", Serialize(item.Entities)), ("amount", item.Amount is { } amount ? Money.ToMicros(amount) : null), ("currency", item.Currency),
                ("kind", StoredEnum.Name(item.Kind)), ("target", item.Target), ("ckey", item.CompensationKey), ("state", StoredEnum.Name(item.State)), ("error", item.Error),
                ("at", context.NowMs));
            if (inserted == 0)
            {
                context.Execute("INSERT INTO compensation_exclusions (run_id, action_seq) VALUES (@run, @seq)", ("run", id), ("seq", item.ActionSeq));
            }
        }

        foreach (var hook in hooks)
        {
            context.Execute(
                "INSERT INTO compensation_hooks (run_id, ordinal, agent_id, kind, source, since, until, target, hook_key, state, attempts, updated_at) VALUES (@run, @ordinal, @agent, @kind, @source, @since, @until, @target, @key, @state, 0, @at)",
                ("run", id), ("ordinal", hook.Ordinal), ("agent", hook.AgentId), ("kind", StoredEnum.Name(hook.Kind)), ("source", hook.Source),
                ("since", hook.Since?.ToString("O", CultureInfo.InvariantCulture)), ("until", hook.Until?.ToString("O", CultureInfo.InvariantCulture)),
                ("target", hook.Target), ("key", hook.HookKey), ("state", StoredEnum.Name(hook.State)), ("at", context.NowMs));
        }

        return id;
    }

    private static WriteResult<CompensationItemState> Report(WriteContext context, long actionSeq, string agentId, CompensationReport report, int maxAttempts)
    {
        string? kind = null, state = null, agent = null;
        var attempts = 0;
        using (var reader = context.Query("SELECT kind, state, agent_id, attempts FROM compensation_items WHERE action_seq = @seq", ("seq", actionSeq)))
        {
            if (reader.Read())
            {
                (kind, state, agent, attempts) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));
            }
        }

        if (kind is null || agent != agentId || kind != StoredEnum.Name(CompensationKind.InProcess))
        {
            return WriteResult<CompensationItemState>.NotFound($"Agent '{agentId}' has no in-process compensation for action {actionSeq}.");
        }

        var current = StoredEnum.Parse<CompensationItemState>(state!);
        if (current != CompensationItemState.Started)
        {
            return WriteResult<CompensationItemState>.Existing(current);
        }

        if (report.Done)
        {
            context.Execute(
                "UPDATE compensation_items SET state = @state, error = NULL, updated_at = @at WHERE action_seq = @seq",
                ("state", StoredEnum.Name(CompensationItemState.Done)), ("at", context.NowMs), ("seq", actionSeq));
            return WriteResult<CompensationItemState>.Created(CompensationItemState.Done);
        }

        var next = attempts >= maxAttempts ? CompensationItemState.Failed : CompensationItemState.Started;
        context.Execute(
            "UPDATE compensation_items SET state = @state, error = @error, attempts = @attempts, updated_at = @at WHERE action_seq = @seq",
            ("state", StoredEnum.Name(next)), ("error", report.Error ?? "the compensator failed"), ("attempts", next == CompensationItemState.Failed ? attempts : attempts + 1),
            ("at", context.NowMs), ("seq", actionSeq));
        return WriteResult<CompensationItemState>.Created(next);
    }

    /// <summary>The run's status inside the write, or <see langword="null"/> when there is no such run.</summary>
    private static CompensationRunStatus? ReadStatus(WriteContext context, string id)
    {
        using var reader = context.Query("SELECT status FROM compensation_runs WHERE id = @id", ("id", id));
        return reader.Read() ? StoredEnum.Parse<CompensationRunStatus>(reader.GetString(0)) : null;
    }

    private static WriteResult<CompensationRunStatus> Cancel(WriteContext context, string id, string actor)
    {
        if (ReadStatus(context, id) is not { } current)
        {
            return WriteResult<CompensationRunStatus>.NotFound($"Compensation run '{id}' does not exist.");
        }

        if (current == CompensationRunStatus.Cancelled)
        {
            return WriteResult<CompensationRunStatus>.Existing(current);
        }

        if (current != CompensationRunStatus.Planned)
        {
            return WriteResult<CompensationRunStatus>.Conflict(
                $"Compensation run '{id}' is {StoredEnum.Name(current)}; only a planned run can be cancelled, an approved one runs to the end.");
        }

        context.Execute("DELETE FROM compensation_items WHERE run_id = @run", ("run", id));
        context.Execute(
            "UPDATE compensation_hooks SET state = @state, error = @error, updated_at = @at WHERE run_id = @run",
            ("state", StoredEnum.Name(CompensationItemState.Skipped)), ("error", "the run was cancelled"), ("at", context.NowMs), ("run", id));
        context.Execute(
            "UPDATE compensation_runs SET status = @status, finished_at = @at, cancelled_by = @actor WHERE id = @id",
            ("status", StoredEnum.Name(CompensationRunStatus.Cancelled)), ("at", context.NowMs), ("actor", actor), ("id", id));
        return WriteResult<CompensationRunStatus>.Created(CompensationRunStatus.Cancelled);
    }

    private static WriteResult<CompensationRunStatus> Move(WriteContext context, string id, CompensationRunStatus from, CompensationRunStatus to, string? actor)
    {
        if (ReadStatus(context, id) is not { } current)
        {
            return WriteResult<CompensationRunStatus>.NotFound($"Compensation run '{id}' does not exist.");
        }

        if (current == to)
        {
            return WriteResult<CompensationRunStatus>.Existing(to);
        }

        if (current != from)
        {
            return WriteResult<CompensationRunStatus>.Conflict(
                $"Compensation run '{id}' is {StoredEnum.Name(current)}; it must be {StoredEnum.Name(from)} to become {StoredEnum.Name(to)}.");
        }

        var column = to switch
        {
            CompensationRunStatus.Approved => "approved_at",
            CompensationRunStatus.Executing => "started_at",
            _ => "finished_at",
        };
        context.Execute(
            $"UPDATE compensation_runs SET status = @status, {column} = @at, approved_by = COALESCE(@actor, approved_by) WHERE id = @id",
            ("status", StoredEnum.Name(to)), ("at", context.NowMs), ("actor", actor), ("id", id));
        return WriteResult<CompensationRunStatus>.Created(to);
    }

    private static WriteResult<MitigationTask> UpdateMitigation(WriteContext context, string id, MitigationUpdateRequest request, string actor)
    {
        MitigationTask? task;
        using (var reader = context.Query($"SELECT {MitigationColumns} WHERE id = @id", ("id", id)))
        {
            task = reader.Read() ? ReadMitigation(reader) : null;
        }

        if (task is null)
        {
            return WriteResult<MitigationTask>.NotFound($"Mitigation task '{id}' does not exist.");
        }

        var updated = task with
        {
            Status = request.Status ?? task.Status,
            Owner = request.Owner ?? task.Owner,
            UpdatedAt = context.Now,
            UpdatedBy = actor,
        };
        context.Execute(
            "UPDATE mitigation_tasks SET status = @status, owner = @owner, updated_at = @at, updated_by = @by WHERE id = @id",
            ("status", StoredEnum.Name(updated.Status)), ("owner", updated.Owner), ("at", context.NowMs), ("by", actor), ("id", id));
        return WriteResult<MitigationTask>.Created(updated);
    }

    private static async Task<CompensationRun?> ReadRunAsync(DbConnection connection, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {RunColumns} WHERE id = @id");
        command.AddParameter("id", id);
        CompensationRun run;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            run = new CompensationRun(
                reader.GetString(0),
                JsonSerializer.Deserialize<BlastRadiusSelection>(reader.GetString(1), FirebreakJson.Options)!,
                reader.GetNullableString(2),
                StoredEnum.Parse<CompensationRunStatus>(reader.GetString(3)),
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetString(6),
                Time(reader.GetInt64(7)),
                reader.GetNullableString(8),
                NullableTime(reader.GetNullableInt64(9)),
                NullableTime(reader.GetNullableInt64(10)),
                NullableTime(reader.GetNullableInt64(11)),
                new CompensationProgress(0, 0, 0, 0, 0, 0),
                reader.GetNullableString(12));
        }

        await using var counts = connection.CreateCommand("SELECT state, COUNT(*) FROM compensation_items WHERE run_id = @run GROUP BY state UNION ALL SELECT state, COUNT(*) FROM compensation_hooks WHERE run_id = @run GROUP BY state");
        counts.AddParameter("run", id);
        var states = new List<CompensationItemState>();
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                states.AddRange(Enumerable.Repeat(StoredEnum.Parse<CompensationItemState>(reader.GetString(0)), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture)));
            }
        }

        return run with { Progress = CompensationProgress.Of(states) };
    }

    private static async Task<IReadOnlyList<CompensationItem>> ReadItemsAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {ItemColumns} WHERE run_id = @run ORDER BY action_seq");
        command.AddParameter("run", runId);
        var items = new List<CompensationItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new CompensationItem(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                JsonSerializer.Deserialize<string[]>(reader.GetString(4), FirebreakJson.Options)!,
                reader.GetNullableInt64(5) is { } micros ? Money.FromMicros(micros) : null,
                reader.GetNullableString(6),
                StoredEnum.Parse<CompensationKind>(reader.GetString(7)),
                reader.GetNullableString(8),
                reader.GetString(9),
                StoredEnum.Parse<CompensationItemState>(reader.GetString(10)),
                reader.GetInt32(11),
                reader.GetNullableString(12),
                reader.GetNullableInt64(13) is { } verified ? verified == 1 : null,
                reader.GetNullableString(14),
                Time(reader.GetInt64(15))));
        }

        return items;
    }

    /// <summary>The guardrail steps the selection's agents recorded in its window, summarized (see <see cref="PolicyHitCount"/>).</summary>
    private static async Task<IReadOnlyList<PolicyHitCount>> ReadPolicyHitsAsync(DbConnection connection, BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        var hits = new List<(string AgentId, GuardrailHit Hit)>();
        foreach (var agentId in selection.Agents ?? [])
        {
            // Step payloads are compact JSON, so the kind filter is a plain substring match on both backends.
            var sql = "SELECT payload FROM ledger_entries WHERE kind = @kind AND agent_id = @agent AND payload LIKE @guardrail";
            sql += selection.Since is null ? string.Empty : " AND recorded_at >= @since";
            sql += selection.Until is null ? string.Empty : " AND recorded_at < @until";
            await using var command = connection.CreateCommand(sql);
            command.AddParameter("kind", LedgerEntryKinds.Step);
            command.AddParameter("agent", agentId);
            command.AddParameter("guardrail", "%\"kind\":\"guardrail\"%");
            if (selection.Since is { } since)
            {
                command.AddParameter("since", since.ToUnixTimeMilliseconds());
            }

            if (selection.Until is { } until)
            {
                command.AddParameter("until", until.ToUnixTimeMilliseconds());
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var step = JsonSerializer.Deserialize<AppendStepRequest>(reader.GetString(0), FirebreakJson.Options);
                if (step is { Kind: StepKind.Guardrail, Data: { } data } && data.Deserialize<GuardrailHit>(FirebreakJson.Options) is { } hit)
                {
                    hits.Add((agentId, hit));
                }
            }
        }

        return PolicyHitCount.Summarize(hits);
    }

    private static async Task<IReadOnlyList<CompensationHook>> ReadHooksAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {HookColumns} WHERE run_id = @run ORDER BY ordinal");
        command.AddParameter("run", runId);
        var hooks = new List<CompensationHook>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            hooks.Add(new CompensationHook(
                reader.GetInt32(0),
                reader.GetString(1),
                StoredEnum.Parse<CompensationHookKind>(reader.GetString(2)),
                reader.GetNullableString(3),
                reader.GetNullableString(4) is { } since ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
                reader.GetNullableString(5) is { } until ? DateTimeOffset.Parse(until, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null,
                reader.GetString(6),
                reader.GetString(7),
                StoredEnum.Parse<CompensationItemState>(reader.GetString(8)),
                reader.GetInt32(9),
                reader.GetNullableString(10),
                reader.GetNullableInt64(11) is { } verified ? verified == 1 : null,
                reader.GetNullableString(12),
                reader.GetNullableInt64(13),
                Time(reader.GetInt64(14))));
        }

        return hooks;
    }

    private static MitigationTask ReadMitigation(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetString(4),
        JsonSerializer.Deserialize<string[]>(reader.GetString(5), FirebreakJson.Options)!,
        reader.GetString(6),
        reader.GetString(7),
        StoredEnum.Parse<MitigationStatus>(reader.GetString(8)),
        reader.GetNullableString(9),
        Time(reader.GetInt64(10)),
        Time(reader.GetInt64(11)),
        reader.GetString(12));

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(long? ms) => ms is { } value ? Time(value) : null;

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);
}
