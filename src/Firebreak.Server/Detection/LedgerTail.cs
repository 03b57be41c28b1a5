using System.Globalization;
using Firebreak.Ledger;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;

namespace Firebreak.Server.Detection;

/// <summary>Reads the ledger forward by sequence number, for the detection service.</summary>
internal sealed class LedgerTail(Database database)
{
    /// <summary>At most <paramref name="limit"/> entries after <paramref name="afterSeq"/>, in order.</summary>
    public async Task<IReadOnlyList<LedgerEntry>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            "SELECT seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash FROM ledger_entries WHERE seq > @after ORDER BY seq LIMIT @limit");
        command.AddParameter("after", afterSeq);
        command.AddParameter("limit", limit);
        var entries = await command.ReadAllAsync(reader => LedgerStore.ReadEntry(reader), cancellationToken);

        return entries;
    }

    /// <summary>The sequence number of the last entry appended, 0 for an empty ledger.</summary>
    public async Task<long> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT seq FROM ledger_head WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>The sequence number just before the first entry recorded at or after <paramref name="since"/>, or <paramref name="atMost"/> when that is lower.</summary>
    public async Task<long> SeqBeforeAsync(DateTimeOffset since, long atMost, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("SELECT MIN(seq) FROM ledger_entries WHERE recorded_at >= @since AND seq <= @max");
        command.AddParameter("since", since.ToUnixTimeMilliseconds());
        command.AddParameter("max", atMost);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? atMost : Convert.ToInt64(value, CultureInfo.InvariantCulture) - 1;
    }
}
