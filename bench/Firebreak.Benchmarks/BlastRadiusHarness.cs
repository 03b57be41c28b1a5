using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Firebreak.Compensation;
using Firebreak.Ledger;
using Firebreak.Server.Compensation;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Firebreak.Benchmarks;

/// <summary>
/// Blast-radius query time over a generated SQLite ledger of N actions (20 agents, 6 tools, 30 days, 1M tickets,
/// 200k customers, refunds in USD and EUR), through the real <see cref="BlastRadiusStore"/>: summary (counts, distinct
/// entities per type, money per currency, window) plus the first page of 50 actions. The file is generated once per size
/// and reused; the rows are written with set-based SQL (the hash chain is not computed: the query never reads it), with
/// the migration's secondary indexes dropped during the load and rebuilt from their own SQL afterwards.
/// </summary>
internal static class BlastRadiusHarness
{
    private const int Agents = 20;
    private const long Batch = 1_000_000;
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);

    /// <summary>The faulty release's window: two hours on day 15, in which every support action carries release <c>rel-bad</c>.</summary>
    private static readonly DateTimeOffset StormStart = Start.AddDays(15);
    private static readonly DateTimeOffset StormEnd = StormStart.AddHours(2);

    public static async Task<int> RunAsync(long actions, string directory, int repeats)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"blast-radius-{actions}.db");
        var database = new SqliteDatabase(path, "normal");
        if (!File.Exists(path))
        {
            var generation = Stopwatch.StartNew();
            await new Migrator(database, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            await GenerateAsync(database, actions);
            Console.WriteLine($"generated {actions:N0} actions in {generation.Elapsed.TotalSeconds:N0} s ({new FileInfo(path).Length / 1_048_576.0:N0} MiB + WAL) at {path}");
        }

        var store = new BlastRadiusStore(database);
        (string Name, BlastRadiusSelection Selection)[] queries =
        [
            ("incident: agent + tool + 2 h window", new(Agents: ["support"], Tools: ["issue_refund"], Since: StormStart, Until: StormEnd)),
            ("incident: release + tool + executed", new(Releases: ["rel-bad"], Tools: ["issue_refund"], Outcomes: [ActionOutcome.Executed])),
            ("one correlation id", new(CorrelationIds: ["corr-" + (actions / 6).ToString(CultureInfo.InvariantCulture)])),
            ("agent, one day", new(Agents: ["support"], Since: StormStart, Until: StormStart.AddDays(1))),
            ("agent + tool, 30 days", new(Agents: ["support"], Tools: ["issue_refund"])),
            ("every agent, one day", new(Since: StormStart, Until: StormStart.AddDays(1))),
        ];

        Console.WriteLine($"# blast radius over {actions:N0} actions, SQLite, warm page cache, median of {repeats}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| selection | actions | summary | summary ms | summary CPU ms | first page (50) ms | first page CPU ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, selection) in queries)
        {
            var summary = await store.SummarizeAsync(selection, CancellationToken.None);
            var (summaryMs, summaryCpuMs) = await MedianAsync(repeats, () => store.SummarizeAsync(selection, CancellationToken.None));
            var (pageMs, pageCpuMs) = await MedianAsync(repeats, () => store.ListAsync(selection, after: null, limit: 50, CancellationToken.None));
            Console.WriteLine(
                $"| {name} | {summary.Actions:N0} | {BlastRadiusText.Summary(summary)} | {summaryMs:N1} | {summaryCpuMs:N1} | {pageMs:N1} | {pageCpuMs:N1} |");
        }

        return 0;
    }

    /// <summary>
    /// Median wall time and median CPU time of this process per query. The CPU time is reported because the machine is
    /// shared with other builds: under a load average of 20+ the wall time mostly measures the wait for a core.
    /// </summary>
    private static async Task<(double WallMs, double CpuMs)> MedianAsync<T>(int repeats, Func<Task<T>> query)
    {
        var wall = new List<double>(repeats);
        var cpu = new List<double>(repeats);
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repeats; i++)
        {
            process.Refresh();
            var cpuStarted = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            await query();
            wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStarted).TotalMilliseconds);
        }

        wall.Sort();
        cpu.Sort();
        return (wall[wall.Count / 2], cpu[cpu.Count / 2]);
    }

    private static async Task GenerateAsync(SqliteDatabase database, long actions)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576;");
        var indexes = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('ledger_entries', 'actions', 'action_entities')"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}");
        }

        var stepMs = Span.TotalMilliseconds / actions;
        for (var from = 1L; from <= actions; from += Batch)
        {
            var to = Math.Min(actions, from + Batch - 1);
            await using var transaction = await connection.BeginTransactionAsync();
            await ExecuteAsync(connection, Generate(from, to, stepMs), transaction);
            await ExecuteAsync(connection, """
                INSERT INTO ledger_entries (seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash)
                SELECT i, 'action', run_id, agent_id, recorded_at,
                       json_object('agentId', agent_id, 'idempotencyKey', 'k-' || i, 'tool', tool, 'arguments', json_object('ticketId', ticket),
                                   'argumentsDigest', 'bench', 'outcome', outcome, 'runId', run_id, 'entities', json_array('ticket:' || ticket, 'customer:' || customer),
                                   'amount', amount_micros / 1000000.0, 'currency', currency, 'correlationId', correlation_id, 'releaseId', release_id),
                       'bench', 'bench'
                FROM gen;
                INSERT INTO actions (seq, agent_id, idempotency_key, tool, arguments_digest, outcome, run_id, correlation_id, release_id, amount_micros, currency, recorded_at)
                SELECT i, agent_id, 'k-' || i, tool, 'bench', outcome, run_id, correlation_id, release_id, amount_micros, currency, recorded_at FROM gen;
                INSERT INTO action_entities (action_seq, entity_type, entity_id) SELECT i, 'ticket', ticket FROM gen;
                INSERT INTO action_entities (action_seq, entity_type, entity_id) SELECT i, 'customer', customer FROM gen;
                DROP TABLE gen;
                """, transaction);
            await transaction.CommitAsync();
            Console.Error.WriteLine($"  {to:N0} / {actions:N0}");
        }

        foreach (var (_, sql) in indexes)
        {
            await ExecuteAsync(connection, sql);
        }

        await ExecuteAsync(connection, $"UPDATE ledger_head SET seq = {actions.ToString(CultureInfo.InvariantCulture)}; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static string Generate(long from, long to, double stepMs)
    {
        string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        var start = Start.ToUnixTimeMilliseconds();
        var stormStart = StormStart.ToUnixTimeMilliseconds();
        var stormEnd = StormEnd.ToUnixTimeMilliseconds();
        return $"""
            CREATE TEMP TABLE gen AS
            WITH RECURSIVE s(i) AS (SELECT {from} UNION ALL SELECT i + 1 FROM s WHERE i < {to}),
            b AS (
                SELECT i,
                       CASE i % {Agents} WHEN 0 THEN 'support' ELSE 'agent-' || (i % {Agents}) END AS agent_id,
                       CASE (i / {Agents}) % 6 WHEN 0 THEN 'issue_refund' WHEN 1 THEN 'send_email' WHEN 2 THEN 'close_ticket'
                            WHEN 3 THEN 'update_address' WHEN 4 THEN 'apply_credit' ELSE 'cancel_order' END AS tool,
                       {start} + CAST(i * {Number(stepMs)} AS INTEGER) AS recorded_at
                FROM s)
            SELECT i, agent_id, tool, recorded_at,
                   CASE WHEN i % 50 = 0 THEN 'blocked' WHEN i % 97 = 0 THEN 'failed' ELSE 'executed' END AS outcome,
                   'run-' || (i / 3) AS run_id,
                   'corr-' || (i / 3) AS correlation_id,
                   CASE WHEN agent_id = 'support' AND recorded_at >= {stormStart} AND recorded_at < {stormEnd} THEN 'rel-bad'
                        ELSE 'rel-' || (i % {Agents}) || '-' || ((recorded_at - {start}) / 259200000) END AS release_id,
                   CASE WHEN tool = 'issue_refund' THEN ((i * 31) % 200 + 1) * 1000000 END AS amount_micros,
                   CASE WHEN tool = 'issue_refund' THEN CASE WHEN i % 7 = 0 THEN 'EUR' ELSE 'USD' END END AS currency,
                   't-' || ((i * 7919) % 1000000) AS ticket,
                   'c-' || ((i * 104729) % 200000) AS customer
            FROM b;
            """;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
