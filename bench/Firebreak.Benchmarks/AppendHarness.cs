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
/// check, projections, entity index), with 1, 8 and 64 concurrent writers. Every counted append has committed.
/// The peer in the same run is the same store with batching off (one transaction, one fsync, per action).
/// </summary>
internal static class AppendHarness
{
    public static async Task<int> RunAsync(string provider, string? connectionString, string synchronous, TimeSpan duration, int[] writerCounts)
    {
        Console.WriteLine($"# durable action appends, {provider} (synchronous={synchronous}), {duration.TotalSeconds:0} s per row, {Environment.ProcessorCount} cores");
        Console.WriteLine("| store | batch | writers | appends | appends/s | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var batch in new[] { 512, 1 })
        {
            foreach (var writers in writerCounts)
            {
                await RunOneAsync(provider, connectionString, synchronous, batch, writers, duration);
            }
        }

        return 0;
    }

    private static async Task RunOneAsync(string provider, string? connectionString, string synchronous, int batch, int writers, TimeSpan duration)
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
        await writer.StopAsync(CancellationToken.None);

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var verification = await ledger.VerifyAsync(CancellationToken.None);
        if (!verification.Valid || verification.EntriesChecked != all.Length)
        {
            throw new InvalidOperationException($"ledger check failed after the run: {verification.Reason}, {verification.EntriesChecked} entries for {all.Length} appends");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {provider} | {(batch == 1 ? "off" : batch.ToString(CultureInfo.InvariantCulture))} | {writers} | {all.Length:N0} | {all.Length / elapsed.TotalSeconds:N0} | {Percentile(all, 0.50):0.00} | {Percentile(all, 0.99):0.00} |"));
        if (database is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
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
