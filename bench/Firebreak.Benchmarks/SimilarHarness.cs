using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Firebreak.Ledger;
using Firebreak.Server.Ledger;
using Firebreak.Server.Similarity;
using Firebreak.Server.Storage;
using Firebreak.Similarity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Firebreak.Benchmarks;

/// <summary>
/// <c>GET /api/v1/runs/{id}/similar</c>'s query over a generated SQLite ledger of N ended runs over 30 days, through the
/// real <see cref="SimilarityStore"/>: 20 agents with 1,000 distinct signatures each (tool sequences of 1 to 6 of 12
/// tools, argument shapes, guardrail hits, outcomes), runs spread over the signatures with a heavy skew (the commonest
/// signature of an agent holds about a tenth of its runs), 30 incidents with windows and 60 alerts naming runs. Only
/// the tables the query reads are generated, with set-based SQL straight into the migrated schema (signatures and their
/// bands computed by the real <see cref="RunSignatureBuilder"/> and <see cref="SignatureBands"/>); the ledger entries
/// are not, since the query reads a run's trace only when it has no stored signature.
/// </summary>
internal static class SimilarHarness
{
    private const int Agents = 20;
    private const int SignaturesPerAgent = 1000;
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);
    private static readonly string[] Tools =
        ["lookup_order", "issue_refund", "send_email", "close_ticket", "search_kb", "update_address", "apply_credit", "cancel_order", "escalate", "get_invoice", "tag_ticket", "summarize"];

    public static async Task<int> RunAsync(long runs, string directory, int queries, int limit)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"similar-{runs}.db");
        var database = new SqliteDatabase(path, "normal");
        if (!File.Exists(path))
        {
            var generation = Stopwatch.StartNew();
            await new Migrator(database, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
            await GenerateAsync(database, runs);
            Console.WriteLine($"generated {runs:N0} runs in {generation.Elapsed.TotalSeconds:N0} s ({new FileInfo(path).Length / 1_048_576.0:N0} MiB) at {path}");
        }

        using var writer = new StoreWriter(database, TimeProvider.System, Options.Create(new StorageOptions()), NullLogger<StoreWriter>.Instance);
        var store = new SimilarityStore(database, new LedgerStore(database, writer));
        var random = new Random(7);
        var ids = Enumerable.Range(0, queries).Select(_ => $"run-{random.NextInt64(runs)}").ToList();
        foreach (var id in ids.Take(20))
        {
            await store.FindAsync(id, limit, CancellationToken.None);
        }

        var wall = new List<double>(queries);
        var cpu = new List<double>(queries);
        var listed = 0L;
        var linked = 0L;
        using var process = Process.GetCurrentProcess();
        foreach (var id in ids)
        {
            process.Refresh();
            var cpuStarted = process.TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            var found = await store.FindAsync(id, limit, CancellationToken.None) ?? throw new InvalidOperationException($"{id} not found");
            wall.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            process.Refresh();
            cpu.Add((process.TotalProcessorTime - cpuStarted).TotalMilliseconds);
            listed += found.Similar.Count;
            linked += found.Similar.Count(r => r.Incidents.Count > 0);
        }

        wall.Sort();
        cpu.Sort();
        double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        Console.WriteLine($"# similar runs over {runs:N0} runs ({Agents * SignaturesPerAgent:N0} distinct signatures), SQLite, warm page cache, {queries} random runs, limit {limit}, {Environment.ProcessorCount} cores");
        Console.WriteLine("| query | p50 ms | p99 ms | max ms | p50 CPU ms | p99 CPU ms | runs listed (mean) | with an incident (mean) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        Console.WriteLine(
            $"| similar, limit {limit} | {At(wall, 0.5):N1} | {At(wall, 0.99):N1} | {wall[^1]:N1} | {At(cpu, 0.5):N1} | {At(cpu, 0.99):N1} | {listed / (double)queries:N1} | {linked / (double)queries:N1} |");
        return 0;
    }

    private static async Task GenerateAsync(SqliteDatabase database, long runs)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; CREATE TEMP TABLE sigs (agent INTEGER NOT NULL, k INTEGER NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (agent, k));");
        var random = new Random(42);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            for (var agent = 0; agent < Agents; agent++)
            {
                for (var k = 0; k < SignaturesPerAgent; k++)
                {
                    var signature = Signature(random, AgentId(agent));
                    await ExecuteAsync(
                        connection, "INSERT INTO run_signatures (hash, agent_id, signature, first_seen_at) VALUES (@hash, @agent, @signature, @at) ON CONFLICT (hash) DO NOTHING", transaction,
                        ("hash", signature.Hash), ("agent", signature.AgentId), ("signature", signature.Canonical()), ("at", Start.ToUnixTimeMilliseconds() + k));
                    foreach (var band in SignatureBands.Of(signature).Distinct())
                    {
                        await ExecuteAsync(connection, "INSERT INTO run_signature_bands (band_key, hash) VALUES (@band, @hash) ON CONFLICT DO NOTHING", transaction, ("band", band), ("hash", signature.Hash));
                    }

                    await ExecuteAsync(connection, "INSERT INTO sigs (agent, k, hash) VALUES (@agent, @k, @hash)", transaction, ("agent", agent), ("k", k), ("hash", signature.Hash));
                }
            }

            await transaction.CommitAsync();
        }

        await ExecuteAsync(connection, "DROP INDEX ix_run_signature_runs_hash; DROP INDEX ix_run_signature_runs_started;");
        var stepMs = Span.TotalMilliseconds / runs;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // u in [0, 1) from a multiplicative hash of i; k = 1000·u⁴ puts about a tenth of an agent's runs on signature 0.
            await ExecuteAsync(connection, $"""
                WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < {runs - 1})
                INSERT INTO run_signature_runs (run_id, hash, agent_id, started_at)
                SELECT 'run-' || i, g.hash, CASE i % {Agents} WHEN 0 THEN 'support' ELSE 'agent-' || (i % {Agents}) END,
                       {Start.ToUnixTimeMilliseconds()} + CAST(i * {stepMs.ToString("R", CultureInfo.InvariantCulture)} AS INTEGER)
                FROM s JOIN sigs g ON g.agent = i % {Agents}
                 AND g.k = CAST({SignaturesPerAgent} * ((i * 2654435761) % 1000003 / 1000003.0) * ((i * 2654435761) % 1000003 / 1000003.0)
                                 * ((i * 2654435761) % 1000003 / 1000003.0) * ((i * 2654435761) % 1000003 / 1000003.0) AS INTEGER);
                """, transaction);
            await transaction.CommitAsync();
        }

        await ExecuteAsync(connection, """
            CREATE INDEX ix_run_signature_runs_hash ON run_signature_runs (hash, started_at, run_id);
            CREATE INDEX ix_run_signature_runs_started ON run_signature_runs (started_at);
            """);
        await IncidentsAsync(connection, runs, stepMs);
        await ExecuteAsync(connection, "ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>One incident a day on a rotating agent, with a two-hour window, and two alerts per incident naming 20 of the window's runs each.</summary>
    private static async Task IncidentsAsync(DbConnection connection, long runs, double stepMs)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        for (var day = 0; day < 30; day++)
        {
            var agent = day % Agents;
            var windowStart = Start.AddDays(day).AddHours(10).ToUnixTimeMilliseconds();
            var windowEnd = windowStart + (long)TimeSpan.FromHours(2).TotalMilliseconds;
            var id = $"INC-{day + 1}";
            await ExecuteAsync(connection, """
                INSERT INTO incidents (id, number, title, agents, primary_agent, failure_class, tool, severity, status, commander, responders,
                                       window_start, window_end, detected_at, last_update_at, went_well, to_improve, created_by)
                VALUES (@id, @number, @title, @agents, @agent, 'tool-misuse', 'issue_refund', 2, 'resolved', 'dana', '[]',
                        @start, @end, @end, @end, '[]', '[]', 'bench')
                """, transaction,
                ("id", id), ("number", day + 1), ("title", $"Bench incident {day + 1}"), ("agents", $"[\"{AgentId(agent)}\"]"), ("agent", AgentId(agent)),
                ("start", windowStart), ("end", windowEnd));
            await ExecuteAsync(connection, "INSERT INTO incident_agents (incident_id, agent_id) VALUES (@id, @agent)", transaction, ("id", id), ("agent", AgentId(agent)));
            var firstRun = (long)((windowStart - Start.ToUnixTimeMilliseconds()) / stepMs);
            for (var alert = 0; alert < 2; alert++)
            {
                var named = Enumerable.Range(0, 20).Select(j => firstRun + (((alert * 20) + j) * Agents) + agent - (firstRun % Agents)).Where(r => r < runs);
                await ExecuteAsync(connection, """
                    INSERT INTO alerts (id, agent_id, detector, failure_class, severity, dedup_key, summary, run_ids, action_seqs, first_seq, last_seq,
                                        first_seen_at, last_seen_at, fired, status, incident_id)
                    VALUES (@id, @agent, 'refund-storm', 'tool-misuse', 2, @key, 'bench', @runs, '[]', @seq, @seq, @start, @end, 1, 'acknowledged', @incident)
                    """, transaction,
                    ("id", $"alert-{day}-{alert}"), ("agent", AgentId(agent)), ("key", $"k-{day}-{alert}"),
                    ("runs", "[" + string.Join(',', named.Select(r => $"\"run-{r}\"")) + "]"), ("seq", (day * 2) + alert + 1),
                    ("start", windowStart), ("end", windowEnd), ("incident", id));
            }
        }

        await transaction.CommitAsync();
    }

    private static string AgentId(int agent) => agent == 0 ? "support" : $"agent-{agent}";

    private static RunSignature Signature(Random random, string agentId)
    {
        var builder = new RunSignatureBuilder();
        var length = random.Next(1, 7);
        for (var i = 0; i < length; i++)
        {
            var tool = Tools[random.Next(Tools.Length)];
            var arguments = random.Next(4) switch
            {
                0 => System.Text.Json.JsonSerializer.SerializeToElement(new { ticket = 1 }),
                1 => System.Text.Json.JsonSerializer.SerializeToElement(new { ticket = 1, amount = 40m }),
                2 => System.Text.Json.JsonSerializer.SerializeToElement(new { orderId = "o", lines = new[] { new { sku = "a", qty = 1 } } }),
                _ => System.Text.Json.JsonSerializer.SerializeToElement(new { query = "q", page = 1, filters = new { lang = "en" } }),
            };
            builder.AddToolCall(tool, arguments, random.Next(20) == 0 ? ActionOutcome.Blocked : ActionOutcome.Executed, $"k{i}");
        }

        if (random.Next(10) == 0)
        {
            builder.AddGuardrail(random.Next(2) == 0 ? "pii" : "injection", random.Next(2) == 0 ? Guardrails.GuardrailCategory.Pii : Guardrails.GuardrailCategory.Injection, Guardrails.GuardrailAction.Flag);
        }

        return builder.Build(agentId, random.Next(10) == 0 ? RunStatus.Failed : RunStatus.Completed);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, DbTransaction? transaction = null, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand(sql, transaction);
        command.CommandTimeout = 0;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
