using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Incidents;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Compensation runs, their items and mitigation tasks. Every item state change is its own committed write, so the
/// runner's progress survives a crash at any point; <c>compensation_items.action_seq</c> is unique across runs, so an
/// action is held by at most one run. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed partial class CompensationStore(Database database, StoreWriter writer, IncidentTimeline timeline)
{
    private const string RunColumns =
        "id, selection, incident_id, status, max_concurrency, rate_per_second, created_by, created_at, approved_by, approved_at, started_at, finished_at, cancelled_by FROM compensation_runs";

    /// <summary>Stores a planned run; items whose action another run already holds are recorded as exclusions instead.</summary>
    public Task<string> PlanAsync(
        BlastRadiusSelection selection, int maxConcurrency, int ratePerSecond, IReadOnlyList<CompensationItem> items, string actor, CancellationToken cancellationToken) =>
        PlanAsync($"cmp_{Guid.CreateVersion7():N}", selection, maxConcurrency, ratePerSecond, items, [], actor, null, cancellationToken);

    /// <summary>
    /// Stores a planned run under <paramref name="id"/> with the memory purges and knowledge quarantines it calls, and
    /// the timeline entry <paramref name="entry"/> makes of the items the run holds (those no other run held), if any,
    /// in the same transaction.
    /// </summary>
    public async Task<string> PlanAsync(
        string id,
        BlastRadiusSelection selection,
        int maxConcurrency,
        int ratePerSecond,
        IReadOnlyList<CompensationItem> items,
        IReadOnlyList<CompensationHook> hooks,
        string actor,
        Func<IReadOnlyList<CompensationItem>, TimelineAct?>? entry,
        CancellationToken cancellationToken)
    {
        await writer.WriteAsync(timeline.With(context => Plan(context, id, selection, maxConcurrency, ratePerSecond, items, hooks, actor), entry), cancellationToken);
        return id;
    }

    /// <summary>
    /// Cancels a run before approval: its items are deleted, so the actions it held are free for another run, and its
    /// hooks are skipped. A run approved or further along is refused.
    /// </summary>
    /// <remarks>Here and in the moves below, <paramref name="entry"/>, if any, goes on the timeline in the same transaction when the run moves.</remarks>
    public Task<WriteResult<CompensationRunStatus>> CancelAsync(string id, string actor, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Cancel(context, id, actor), _ => entry), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> ApproveAsync(string id, string actor, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Move(context, id, CompensationRunStatus.Planned, CompensationRunStatus.Approved, actor), _ => entry), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> StartAsync(string id, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Move(context, id, CompensationRunStatus.Approved, CompensationRunStatus.Executing, actor: null), _ => entry), cancellationToken);

    public Task<WriteResult<CompensationRunStatus>> FinishAsync(string id, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(timeline.WithCreated(context => Move(context, id, CompensationRunStatus.Executing, CompensationRunStatus.Completed, actor: null), _ => entry), cancellationToken);

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
        var ids = await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);

        return ids;
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

    /// <returns>The items the run holds: those no other run held already.</returns>
    private static List<CompensationItem> Plan(
        WriteContext context,
        string id,
        BlastRadiusSelection selection,
        int maxConcurrency,
        int ratePerSecond,
        IReadOnlyList<CompensationItem> items,
        IReadOnlyList<CompensationHook> hooks,
        string actor)
    {
        var held = new List<CompensationItem>(items.Count);
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
            else
            {
                held.Add(item);
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

        return held;
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

    /// <summary>The guardrail steps the selection's agents recorded in its window, summarized (see <see cref="PolicyHitCount"/>).</summary>
    private static async Task<IReadOnlyList<PolicyHitCount>> ReadPolicyHitsAsync(DbConnection connection, BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        var hits = new List<(string AgentId, GuardrailHit Hit)>();
        foreach (var agentId in selection.Agents ?? [])
        {
            var recorded = await LedgerQueries.ReadGuardrailHitsAsync(connection, agentId, selection.Since, selection.Until, cancellationToken);
            hits.AddRange(recorded.Select(hit => (agentId, hit)));
        }

        return PolicyHitCount.Summarize(hits);
    }

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static DateTimeOffset? NullableTime(long? ms) => ms is { } value ? Time(value) : null;

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, FirebreakJson.Options);
}
