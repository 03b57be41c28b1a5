using System.Data.Common;
using System.Diagnostics;
using Firebreak.Ledger;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Firebreak.Benchmarks;

/// <summary>
/// <c>GET /api/v1/ledger/verify</c>'s cost over a generated SQLite ledger of N hash-chained entries, through the real
/// <see cref="LedgerStore"/>: a full rescan against an incremental check with nothing new and with 1,000 entries
/// appended since the last one, in one run. The chain is real (every hash computed, so every check passes); the file
/// is generated once per size and reused.
/// </summary>
internal static class LedgerVerifyHarness
{
    private const int Appended = 1_000;
    private static readonly string[] Columns = ["seq", "run", "at", "payload", "prev", "hash"];

    public static async Task<int> RunAsync(long entries, string directory, int repeats)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"ledger-verify-{entries}.db");
        var database = new SqliteDatabase(path, "normal");
        if (!File.Exists(path))
        {
            var generation = Stopwatch.StartNew();
            await new Migrator(database, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            await AppendAsync(database, entries);
            Console.WriteLine($"generated {entries:N0} entries in {generation.Elapsed.TotalSeconds:N0} s ({new FileInfo(path).Length / 1_048_576.0:N0} MiB) at {path}");
        }

        using var writer = new StoreWriter(database, TimeProvider.System, Options.Create(new StorageOptions()), NullLogger<StoreWriter>.Instance);
        var ledger = new LedgerStore(database, writer);
        Console.WriteLine($"# ledger verification over {entries:N0} entries, SQLite, warm page cache, median of {repeats}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| check | entries recomputed | valid | ms |");
        Console.WriteLine("|---|---|---|---|");
        var (full, fullMs) = await MedianAsync(repeats, () => ledger.VerifyAsync(CancellationToken.None));
        Row("full rescan (`?full=true`)", full, fullMs);
        await ledger.VerifyIncrementallyAsync(CancellationToken.None);
        var (idle, idleMs) = await MedianAsync(repeats, () => ledger.VerifyIncrementallyAsync(CancellationToken.None));
        Row("incremental, nothing new", idle, idleMs);
        var times = new List<double>();
        LedgerVerification? grown = null;
        for (var i = 0; i < repeats; i++)
        {
            await AppendAsync(database, Appended);
            var started = Stopwatch.GetTimestamp();
            grown = await ledger.VerifyIncrementallyAsync(CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Row($"incremental, {Appended:N0} appended since", grown!, Median(times));
        return full.Valid && idle.Valid && grown!.Valid ? 0 : 1;
    }

    private static void Row(string name, LedgerVerification result, double ms) =>
        Console.WriteLine($"| {name} | {result.EntriesChecked:N0} | {result.Valid} | {ms:N1} |");

    private static async Task<(LedgerVerification Result, double Ms)> MedianAsync(int repeats, Func<Task<LedgerVerification>> check)
    {
        var times = new List<double>();
        LedgerVerification? result = null;
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            result = await check();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return (result!, Median(times));
    }

    private static double Median(List<double> times)
    {
        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>Appends <paramref name="count"/> step entries after the head, hash-chained, and moves the head, in transactions of 100,000.</summary>
    private static async Task AppendAsync(Database database, long count)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        long seq;
        string hash;
        await using (var head = connection.CreateCommand("SELECT seq, hash FROM ledger_head WHERE id = 1"))
        await using (var reader = await head.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            seq = reader.GetInt64(0);
            hash = reader.GetString(1);
        }

        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - count;
        for (long done = 0; done < count;)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = connection.CreateCommand(
                "INSERT INTO ledger_entries (seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash) VALUES (@seq, 'step', @run, 'support', @at, @payload, @prev, @hash)",
                transaction);
            var parameters = Columns.Select(name => Parameter(insert, name)).ToArray();
            insert.Prepare();
            for (var i = 0; i < 100_000 && done < count; i++, done++)
            {
                seq++;
                var run = $"run-{seq / 8}";
                var payload = $$$"""{"kind":"tool_call","name":"lookup_order","data":{"orderId":"o-{{{seq}}}","tokens":{{{seq % 997}}}}}""";
                var next = LedgerChain.ComputeHash(hash, seq, LedgerEntryKinds.Step, run, "support", at + done, payload);
                parameters[0].Value = seq;
                parameters[1].Value = run;
                parameters[2].Value = at + done;
                parameters[3].Value = payload;
                parameters[4].Value = hash;
                parameters[5].Value = next;
                await insert.ExecuteNonQueryAsync();
                hash = next;
            }

            await using var moveHead = connection.CreateCommand("UPDATE ledger_head SET seq = @seq, hash = @hash WHERE id = 1", transaction);
            moveHead.AddParameter("seq", seq);
            moveHead.AddParameter("hash", hash);
            await moveHead.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
