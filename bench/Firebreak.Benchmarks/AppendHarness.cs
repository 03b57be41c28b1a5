using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Firebreak.Benchmarks;

/// <summary>
/// Durable action appends per second through the real store (single batching writer, hash chain, idempotency
/// check, projections, entity index) with N concurrent writers, each awaiting its commit before the next. Every counted
/// append has committed. The limit in the same run, measured before and after, is <see cref="InsertLimitHarness"/>: the
/// same rows into the same schema by plain multi-row inserts.
/// </summary>
internal static class AppendHarness
{
    public static async Task<int> RunAsync(string provider, string? connectionString, string synchronous, TimeSpan duration, int[] writerCounts)
    {
        Console.WriteLine($"# durable action appends, {provider} (synchronous={synchronous}), {duration.TotalSeconds:0} s per row, {Environment.ProcessorCount} cores");
        Console.WriteLine("| store | path | writers | appends | appends/s | p50 ms | p99 ms | share of limit | process CPU µs per append |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");

        // Untimed: tiered compilation takes seconds on a loaded 2-core machine, and the first row of each path would pay for it.
        var writersMax = writerCounts.Max();
        await RunOneAsync(provider, connectionString, synchronous, 512, writersMax, TimeSpan.FromSeconds(3));
        await RunLimitAsync(provider, connectionString, synchronous, writersMax, TimeSpan.FromSeconds(3));

        // The limit is measured before and after the Firebreak rows, so machine noise during the run shows as a spread.
        var before = await RunLimitAsync(provider, connectionString, synchronous, writersMax, duration);
        var rates = new List<(int Writers, long Appends, double Rate, double P50, double P99, double CpuPerAppend)>();
        foreach (var writers in writerCounts)
        {
            rates.Add(await RunOneAsync(provider, connectionString, synchronous, 512, writers, duration));
        }

        var after = await RunLimitAsync(provider, connectionString, synchronous, writersMax, duration);
        var limit = (before.Rate + after.Rate) / 2;
        foreach (var (label, run) in new[] { ("limit (before)", before), ("limit (after)", after) })
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {provider} | {label}: plain multi-row inserts of the {writersMax}-writer rows, 512 per commit | 1 | {run.Appends:N0} | {run.Rate:N0} | | | | {run.CpuPerAppend:0.0} |"));
        }

        foreach (var (writers, appends, rate, p50, p99, cpuPerAppend) in rates)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {provider} | Firebreak `RecordActionAsync`, batch 512 | {writers} | {appends:N0} | {rate:N0} | {p50:0.00} | {p99:0.00} | {rate / limit:P0} | {cpuPerAppend:0.0} |"));
        }

        return 0;
    }

    private static async Task<(long Appends, double Rate, double CpuPerAppend)> RunLimitAsync(string provider, string? connectionString, string synchronous, int writers, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "firebreak-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Database database = provider == "postgres"
            ? new PostgresDatabase(await FreshPostgresDatabaseAsync(connectionString!))
            : new SqliteDatabase(Path.Combine(directory, "bench.db"), synchronous);
        await new Migrator(database, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        var (appends, elapsed, cpu) = await InsertLimitHarness.RunAsync(database, 512, writers, duration);
        if (database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return (appends, appends / elapsed.TotalSeconds, cpu.TotalMicroseconds / appends);
    }

    private static async Task<(int Writers, long Appends, double Rate, double P50, double P99, double CpuPerAppend)> RunOneAsync(string provider, string? connectionString, string synchronous, int batch, int writers, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "firebreak-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        Database database = provider == "postgres"
            ? new PostgresDatabase(await FreshPostgresDatabaseAsync(connectionString!))
            : new SqliteDatabase(Path.Combine(directory, "bench.db"), synchronous);
        var time = TimeProvider.System;
        await new Migrator(database, time, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
        using var writer = new StoreWriter(database, time, Options.Create(new StorageOptions { MaxBatchSize = batch }), NullLogger<StoreWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var ledger = new LedgerStore(database, writer);
        await new RegistryStore(database, writer).UpsertAsync(new AgentDefinition("support", "bench", null, [new ToolDefinition("issue_refund", RiskClass.Financial)]), "bench", "bench", CancellationToken.None);

        using var arguments = JsonDocument.Parse("""{"orderId":"o-1","amount":40,"currency":"USD","reason":"damaged"}""");
        var latencies = new List<double>[writers];
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(100_000);
            for (var i = 0; stopwatch.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await ledger.RecordActionAsync(
                    new RecordActionRequest(
                        "support", $"w{w}-{i}", "issue_refund", arguments.RootElement, ActionOutcome.Executed,
                        Entities: [$"ticket:{w}-{i}", $"customer:{i % 47}"], Amount: 40m, Currency: "USD"),
                    CancellationToken.None);
                if (result.Status != WriteStatus.Created)
                {
                    throw new InvalidOperationException($"append refused: {result.Detail}");
                }

                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await writer.StopAsync(CancellationToken.None);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var verification = await ledger.VerifyAsync(CancellationToken.None);
        if (!verification.Valid || verification.EntriesChecked != all.Length)
        {
            throw new InvalidOperationException($"ledger check failed after the run: {verification.Reason}, {verification.EntriesChecked} entries for {all.Length} appends");
        }

        if (database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return (writers, all.Length, all.Length / elapsed.TotalSeconds, Percentile(all, 0.50), Percentile(all, 0.99), cpu.TotalMicroseconds / all.Length);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task<string> FreshPostgresDatabaseAsync(string connectionString)
    {
        var name = $"bench_{Guid.NewGuid():N}";
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            await command.ExecuteNonQueryAsync();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = name }.ConnectionString;
    }
}
