using System.Data.Common;
using System.Globalization;
using Firebreak.Compensation;
using Firebreak.Server.Incidents;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

internal sealed partial class CompensationStore
{
    private const string HookColumns =
        "ordinal, agent_id, kind, source, since, until, target, hook_key, state, attempts, error, verified, verify_detail, action_seq, updated_at FROM compensation_hooks";

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

    /// <summary>Records a hook done, with <paramref name="entry"/>, if any, on the run's incident timeline in the same transaction.</summary>
    public Task MarkHookDoneAsync(string runId, int ordinal, bool? verified, string? detail, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.With(
                context => context.Execute(
                    "UPDATE compensation_hooks SET state = @state, error = NULL, verified = @verified, verify_detail = @detail, updated_at = @at WHERE run_id = @run AND ordinal = @ordinal",
                    ("state", StoredEnum.Name(CompensationItemState.Done)), ("verified", verified is { } v ? (v ? 1 : 0) : null), ("detail", detail),
                    ("at", context.NowMs), ("run", runId), ("ordinal", ordinal)),
                _ => entry),
            cancellationToken);

    /// <summary>
    /// Records an attempt's error; the hook stays <c>started</c> (to be retried) unless <paramref name="final"/>.
    /// <paramref name="entry"/>, if any, goes on the run's incident timeline in the same transaction.
    /// </summary>
    public Task MarkHookErrorAsync(string runId, int ordinal, string error, bool final, TimelineAct? entry, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            timeline.With(
                context => context.Execute(
                    "UPDATE compensation_hooks SET state = @state, error = @error, updated_at = @at WHERE run_id = @run AND ordinal = @ordinal",
                    ("state", StoredEnum.Name(final ? CompensationItemState.Failed : CompensationItemState.Started)), ("error", error),
                    ("at", context.NowMs), ("run", runId), ("ordinal", ordinal)),
                _ => entry),
            cancellationToken);

    public async Task<IReadOnlyList<CompensationHook>> ListHooksAsync(string runId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadHooksAsync(connection, runId, cancellationToken);
    }

    private static async Task<IReadOnlyList<CompensationHook>> ReadHooksAsync(DbConnection connection, string runId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {HookColumns} WHERE run_id = @run ORDER BY ordinal");
        command.AddParameter("run", runId);
        return await command.ReadAllAsync(ReadHook, cancellationToken);
    }

    private static CompensationHook ReadHook(DbDataReader reader) => new(
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
        Time(reader.GetInt64(14)));
}
