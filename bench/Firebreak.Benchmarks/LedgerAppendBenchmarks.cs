using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Firebreak.Benchmarks;

/// <summary>
/// The cost of one durable action append through the real store, amortised over a batch: 512 concurrent
/// <see cref="LedgerStore.RecordActionAsync"/> calls, which the single writer commits together (idempotency lookup,
/// hash chain, <c>actions</c> row, two entity rows), into a SQLite file. <c>normal</c> leaves the fsync out, so the
/// figure is the CPU per append; <c>full</c> adds one fsync per batch. The storage limit these are read against is
/// measured by the <c>append</c> harness (<see cref="InsertLimitHarness"/>) in the same run as its own figures.
/// </summary>
[MemoryDiagnoser]
public class LedgerAppendBenchmarks : IDisposable
{
    private const int Batch = 512;
    private readonly JsonElement _arguments = JsonDocument.Parse("""{"orderId":"o-1","amount":40,"currency":"USD","reason":"damaged"}""").RootElement;
    private string _directory = string.Empty;
    private SqliteDatabase? _database;
    private StoreWriter? _writer;
    private LedgerStore? _ledger;
    private long _next;

    [Params("normal", "full")]
    public string Synchronous { get; set; } = "normal";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "firebreak-bench", Guid.NewGuid().ToString("N"));
        _database = new SqliteDatabase(Path.Combine(_directory, "bench.db"), Synchronous);
        new Migrator(_database, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
        _writer = new StoreWriter(_database, TimeProvider.System, Options.Create(new StorageOptions()), NullLogger<StoreWriter>.Instance);
        _writer.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _ledger = new LedgerStore(_database, _writer);
        new RegistryStore(_database, _writer)
            .UpsertAsync(new AgentDefinition("support", "bench", null, [new ToolDefinition("issue_refund", RiskClass.Financial)]), "bench", "bench", CancellationToken.None)
            .GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer!.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer?.Dispose();
        }
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "RecordActionAsync, 512 concurrent (per append)")]
    public Task RecordBatch()
    {
        var appends = new Task[Batch];
        for (var i = 0; i < Batch; i++)
        {
            var n = Interlocked.Increment(ref _next);
            appends[i] = _ledger!.RecordActionAsync(
                new RecordActionRequest(
                    "support", $"k{n}", "issue_refund", _arguments, ActionOutcome.Executed,
                    Entities: [$"ticket:{n}", $"customer:{n % 47}"], Amount: 40m, Currency: "USD"),
                CancellationToken.None);
        }

        return Task.WhenAll(appends);
    }
}
