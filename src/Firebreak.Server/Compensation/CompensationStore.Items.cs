using System.Data.Common;
using System.Text.Json;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Serialization;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

internal sealed partial class CompensationStore
{
    private const string ItemColumns =
        "action_seq, agent_id, idempotency_key, tool, entities, amount_micros, currency, kind, target, compensation_key, state, attempts, error, verified, verify_detail, updated_at FROM compensation_items";

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
        var items = await command.ReadAllAsync(reader => (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)), cancellationToken);

        return items;
    }

    /// <summary>
    /// Records what an agent's process did with a dispatched item. Only a <c>started</c> in-process item moves: a report
    /// on an item that already ended (a second process, a repeated report) changes nothing. An error counts an attempt
    /// and leaves the item dispatched for another try, until <paramref name="maxAttempts"/> makes it <c>failed</c>.
    /// </summary>
    public Task<WriteResult<CompensationItemState>> ReportAsync(long actionSeq, string agentId, CompensationReport report, int maxAttempts, CancellationToken cancellationToken) =>
        writer.WriteAsync(context => Report(context, actionSeq, agentId, report, maxAttempts), cancellationToken);

    public async Task<IReadOnlyList<CompensationItem>> ListItemsAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadItemsAsync(connection, runId, cancellationToken);
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

    private static async Task<IReadOnlyList<CompensationItem>> ReadItemsAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {ItemColumns} WHERE run_id = @run ORDER BY action_seq");
        command.AddParameter("run", runId);
        return await command.ReadAllAsync(ReadItem, cancellationToken);
    }

    private static CompensationItem ReadItem(DbDataReader reader) => new(
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
        Time(reader.GetInt64(15)));
}
