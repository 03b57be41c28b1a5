using System.Data.Common;
using System.Diagnostics;
using Firebreak.Server.Storage;

namespace Firebreak.Benchmarks;

/// <summary>
/// The physical limit the append figures are read against: the rows one action append stores (a ledger entry, an
/// <c>actions</c> row, two entity rows, and the head update once per batch) inserted into the same migrated schema on
/// the same kind of connection, with the same values, by plain multi-row inserts of prepared values (the writer's own <see cref="RowWriter"/> on
/// SQLite, one command batch on PostgreSQL), a batch of actions per
/// commit (the batch argument), from one thread: no idempotency check, no hashing, no JSON, no queue.
/// </summary>
internal static class InsertLimitHarness
{
    private static readonly RowInsert Entries = new("ledger_entries", "seq", "kind", "run_id", "agent_id", "recorded_at", "payload", "prev_hash", "hash");

    private static readonly RowInsert Actions = new(
        "actions", "seq", "agent_id", "idempotency_key", "tool", "arguments_digest", "outcome", "run_id", "correlation_id", "release_id",
        "amount_micros", "currency", "recorded_at");

    private static readonly RowInsert Entities = new("action_entities", "action_seq", "entity_type", "entity_id");

    private const string UpdateHeadSql = "UPDATE ledger_head SET seq = @seq, hash = @hash WHERE id = 1";

    private const string Hash = "5f1c0e7d2a9b48c3a6e1f0d9b8c7a6e5f4d3c2b1a09f8e7d6c5b4a3928171605";

    /// <summary>
    /// Returns the number of actions stored, the time spent storing them and the process's CPU time meanwhile (building
    /// the values is not counted in either). The rows carry the values <paramref name="writers"/> writers of the append
    /// harness store (idempotency key <c>w{writer}-{call}</c>, ticket <c>{writer}-{call}</c>, customer <c>{call % 47}</c>),
    /// taking turns: keys spread over the indexes as the measured appends' keys do, not in one ascending run, which would
    /// touch only the last page of each index.
    /// </summary>
    public static async Task<(long Appends, TimeSpan Elapsed, TimeSpan Cpu)> RunAsync(Database database, int batch, int writers, TimeSpan duration)
    {
        await using var connection = await database.OpenWriterAsync(CancellationToken.None);
        using var rowWriter = database.CreateRowWriter(connection);
        var entries = new List<object?>(batch * Entries.Width);
        var actions = new List<object?>(batch * Actions.Width);
        var entities = new List<object?>(batch * 2 * Entities.Width);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        long seq = 0;
        var inserting = new Stopwatch();
        using var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        while (inserting.Elapsed < duration)
        {
            entries.Clear();
            actions.Clear();
            entities.Clear();
            for (var i = 0; i < batch; i++)
            {
                var n = ++seq;
                var (writer, call) = Math.DivRem(n, writers);
                var ticket = $"{writer}-{call}";
                var key = $"w{ticket}";
                entries.AddRange([n, "action", null, "support", now, Payload(key, ticket, call % 47), Hash, Hash]);
                actions.AddRange([n, "support", key, "issue_refund", Hash, "executed", null, null, null, 40_000_000L, "USD", now]);
                entities.AddRange([n, "ticket", ticket, n, "customer", $"{call % 47}"]);
            }

            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            inserting.Start();
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await using var head = connection.CreateCommand(database.SelectLedgerHeadForUpdateSql, transaction);
                await head.ExecuteScalarAsync();
                if (connection.CanCreateBatch)
                {
                    await using var round = connection.CreateBatch();
                    round.Transaction = transaction;
                    AddAll(round, Entries, entries);
                    AddAll(round, Actions, actions);
                    AddAll(round, Entities, entities);
                    var update = round.CreateBatchCommand();
                    update.CommandText = UpdateHeadSql;
                    update.Parameters.Add(Parameter(update, "@seq", seq));
                    update.Parameters.Add(Parameter(update, "@hash", Hash));
                    round.BatchCommands.Add(update);
                    await round.ExecuteNonQueryAsync();
                }
                else
                {
                    Insert(rowWriter, transaction, Entries, entries);
                    Insert(rowWriter, transaction, Actions, actions);
                    Insert(rowWriter, transaction, Entities, entities);
                    await using var update = connection.CreateCommand(UpdateHeadSql, transaction);
                    update.AddParameter("seq", seq);
                    update.AddParameter("hash", Hash);
                    await update.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
            }

            inserting.Stop();
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuBefore;
        }

        return (seq, inserting.Elapsed, cpu);
    }

    private static string Payload(string key, string ticket, long customer) =>
        $$"""{"agentId":"support","idempotencyKey":"{{key}}","tool":"issue_refund","arguments":{"orderId":"o-1","amount":40,"currency":"USD","reason":"damaged"},"argumentsDigest":"{{Hash}}","outcome":"executed","entities":["ticket:{{ticket}}","customer:{{customer}}"],"amount":40,"currency":"USD"}""";

    private static void Insert(RowWriter rowWriter, DbTransaction transaction, RowInsert table, List<object?> values)
    {
        var rows = values.Count / table.Width;
        for (var first = 0; first < rows; first += RowInsert.MaxRows)
        {
            rowWriter.Insert(transaction, table, values, first * table.Width, Math.Min(RowInsert.MaxRows, rows - first));
        }
    }

    private static void AddAll(DbBatch batch, RowInsert table, List<object?> values)
    {
        var rows = values.Count / table.Width;
        for (var first = 0; first < rows; first += RowInsert.MaxRows)
        {
            var count = Math.Min(RowInsert.MaxRows, rows - first);
            var command = batch.CreateBatchCommand();
            command.CommandText = table.Sql(count);
            for (var i = 0; i < count * table.Width; i++)
            {
                command.Parameters.Add(Parameter(command, $"@p{i}", values[(first * table.Width) + i]));
            }

            batch.BatchCommands.Add(command);
        }
    }

    private static DbParameter Parameter(DbBatchCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
