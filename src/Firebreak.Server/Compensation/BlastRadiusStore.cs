using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Compensation;

/// <summary>
/// Reads the blast radius of a selection from the ledger's projections (<c>actions</c>, <c>action_entities</c>), all
/// queries in one snapshot so the counts and the page agree. The same SQL serves SQLite and PostgreSQL.
/// </summary>
internal sealed class BlastRadiusStore(Database database)
{
    /// <summary>
    /// A type's set is sized up front for as many ids as the selection has actions (the usual case: one entity of each
    /// type per action), which spares it the rehashes of growing; beyond a million it grows as it needs.
    /// </summary>
    private const long PresizedEntities = 1_000_000;

    /// <summary>The summary of <paramref name="selection"/>, which must already be resolved against its incident.</summary>
    public async Task<BlastRadius> SummarizeAsync(BlastRadiusSelection selection, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = database.BeginSnapshot(connection);
        long runs;
        long actions;
        long? first;
        long? last;
        await using (var command = connection.CreateCommand(string.Empty, transaction))
        {
            var filter = Filter(command, selection);
            command.CommandText = $"SELECT COUNT(*), COUNT(DISTINCT a.run_id), MIN(a.recorded_at), MAX(a.recorded_at) FROM actions a{filter}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            actions = reader.GetInt64(0);
            runs = reader.GetInt64(1);
            first = reader.GetNullableInt64(2);
            last = reader.GetNullableInt64(3);
        }

        // Distinct entities are counted here rather than by COUNT(DISTINCT) ... GROUP BY: the database sorts and
        // de-duplicates every (type, id) pair of the selection through temporary B-trees, which took 1.6 s for the
        // 666,668 pairs of a 333k-action selection on SQLite (BENCHMARKS.md); sets of the pairs' UTF-8 bytes are as
        // exact and several times faster. The pairs are read through the covering indexes and the entity table's primary key.
        var distinct = new DistinctEntities((int)Math.Min(actions, PresizedEntities));
        await using (var command = connection.CreateCommand(string.Empty, transaction))
        {
            var filter = Filter(command, selection);
            command.CommandText = $"SELECT ae.entity_type, ae.entity_id FROM actions a JOIN action_entities ae ON ae.action_seq = a.seq{filter}";
            await database.ReadUtf8PairsAsync(command, distinct, cancellationToken);
        }

        var money = new List<MoneyTotal>();
        await using (var command = connection.CreateCommand(string.Empty, transaction))
        {
            var filter = Filter(command, selection).Where("a.currency IS NOT NULL AND a.amount_micros IS NOT NULL");
            command.CommandText = $"SELECT a.currency, SUM(a.amount_micros), COUNT(*) FROM actions a{filter} GROUP BY a.currency";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // PostgreSQL sums BIGINT as NUMERIC, SQLite as INTEGER: both convert exactly through decimal.
                var micros = Convert.ToDecimal(reader.GetValue(1), CultureInfo.InvariantCulture);
                money.Add(new MoneyTotal(reader.GetString(0), micros / 1_000_000m, reader.GetInt64(2)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new BlastRadius(
            selection,
            runs,
            actions,
            distinct.Counts(),
            [.. money.OrderBy(m => m.Currency, StringComparer.Ordinal)],
            first is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            last is { } l ? DateTimeOffset.FromUnixTimeMilliseconds(l) : null);
    }

    /// <summary>One page of the selected actions in ledger order, after sequence number <paramref name="after"/>.</summary>
    public async Task<IReadOnlyList<ActionRecord>> ListAsync(BlastRadiusSelection selection, long? after, int limit, CancellationToken cancellationToken)
    {
        var actions = new List<ActionRecord>(limit);
        await foreach (var action in StreamAsync(selection, after, limit, cancellationToken))
        {
            actions.Add(action);
        }

        return actions;
    }

    /// <summary>Every selected action in ledger order (or the first <paramref name="limit"/>), read as it streams.</summary>
    public async IAsyncEnumerable<ActionRecord> StreamAsync(
        BlastRadiusSelection selection, long? after, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filter = Filter(command, selection).Where("a.seq > @after", "after", after);

        // A page picks its sequence numbers from the covering indexes first and reads the ledger payloads of those
        // alone: joined before the LIMIT, the payload of every selected action was read to sort them.
        command.CommandText = limit is null
            ? $"SELECT {LedgerStore.ActionColumns}{filter} ORDER BY a.seq"
            : $"SELECT {LedgerStore.ActionColumns} WHERE a.seq IN (SELECT a.seq FROM actions a{filter} ORDER BY a.seq LIMIT @limit) ORDER BY a.seq";
        if (limit is { } max)
        {
            command.AddParameter("limit", max);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return LedgerStore.ReadAction(reader);
        }
    }

    private static SqlFilter Filter(DbCommand command, BlastRadiusSelection selection) => new SqlFilter(command)
        .WhereIn("a.agent_id", "agent", selection.Agents)
        .WhereIn("a.release_id", "release", selection.Releases)
        .WhereIn("a.tool", "tool", selection.Tools)
        .WhereIn("a.outcome", "outcome", selection.Outcomes?.Select(StoredEnum.Name<ActionOutcome>).ToList())
        .Where("a.recorded_at >= @since", "since", selection.Since?.ToUnixTimeMilliseconds())
        .Where("a.recorded_at < @until", "until", selection.Until?.ToUnixTimeMilliseconds())
        .WhereIn("a.correlation_id", "correlation", selection.CorrelationIds)
        .WhereIn("a.run_id", "run", selection.RunIds);
}
