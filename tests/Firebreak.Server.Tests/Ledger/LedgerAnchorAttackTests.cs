using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Ledger;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>
/// Someone with write access to the SQLite file rewrites the ledger so that its own chain still verifies; the real
/// server process and the real CLI, given anchors kept outside the database, report each rewrite.
/// </summary>
public sealed class LedgerAnchorAttackTests : IDisposable
{
    private const string OperatorKey = "fbk_anchor_attack_operator";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ARewrittenChainWithARecomputedHead_IsReportedAtTheFirstKeptAnchorItDisagreesWith()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        var rewritten = await FirstSeqAsync("kind = 'step'");

        await RewriteFromAsync(rewritten, payload => payload.Replace("T-1", "T-9", StringComparison.Ordinal));

        Assert.True(await ChainAloneIsValidAsync(ledger.Server), "the rewrite recomputed every hash and the head, so the chain alone still verifies");
        var (exit, output) = await ledger.VerifyAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"DISAGREES anchor at seq {ledger.First.Seq}", output, StringComparison.Ordinal);
        Assert.Contains($"First entry that disagrees: seq {ledger.First.Seq}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeletedPrefixWithAForgedCheckpoint_IsReported_WhereRetentionWouldHaveSignedIt()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        var cut = ledger.First.Seq - 1;

        await ExecuteAsync(
            "INSERT INTO ledger_checkpoint (id, seq, hash, pruned_at) SELECT 1, seq, hash, recorded_at FROM ledger_entries WHERE seq = @cut",
            ("cut", cut));
        await ExecuteAsync("DELETE FROM action_entities WHERE action_seq <= @cut", ("cut", cut));
        await ExecuteAsync("DELETE FROM actions WHERE seq <= @cut", ("cut", cut));
        await ExecuteAsync("DELETE FROM ledger_entries WHERE seq <= @cut", ("cut", cut));

        Assert.True(await ChainAloneIsValidAsync(ledger.Server), "the forged checkpoint keeps the chain linking");
        var (exit, output) = await ledger.VerifyAsync();
        Assert.Equal(1, exit);
        Assert.Contains("without a signed retention checkpoint", output, StringComparison.Ordinal);
        Assert.Contains("retention checkpoint not signed", output, StringComparison.Ordinal);
        Assert.Contains("First entry that disagrees: seq 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATruncatedTailWithAMovedHead_IsReportedFromTheFirstRemovedEntry()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        var keep = ledger.First.Seq;

        await ExecuteAsync("DELETE FROM action_entities WHERE action_seq > @keep", ("keep", keep));
        await ExecuteAsync("DELETE FROM actions WHERE seq > @keep", ("keep", keep));
        await ExecuteAsync("DELETE FROM runs WHERE id IN (SELECT run_id FROM ledger_entries WHERE kind = 'run_started' AND seq > @keep)", ("keep", keep));
        await ExecuteAsync("DELETE FROM ledger_entries WHERE seq > @keep", ("keep", keep));
        await ExecuteAsync("UPDATE ledger_head SET seq = @keep, hash = (SELECT hash FROM ledger_entries WHERE seq = @keep)", ("keep", keep));

        Assert.True(await ChainAloneIsValidAsync(ledger.Server), "the moved head hides the truncation from the chain check");
        var (exit, output) = await ledger.VerifyAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"the ledger ends at entry {keep}", output, StringComparison.Ordinal);
        Assert.Contains($"First entry that disagrees: seq {keep + 1}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnActionOutcomeChangedByHand_IsReportedWithItsSeq()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        var action = await FirstSeqAsync("kind = 'action'");

        await ExecuteAsync("UPDATE actions SET outcome = 'failed' WHERE seq = @seq", ("seq", action));

        var (exit, output) = await ledger.VerifyAsync();
        Assert.Equal(1, exit);
        Assert.Contains($"actions.outcome {action}: stored failed, ledger executed", output, StringComparison.Ordinal);
        Assert.Contains("Anchors: 3 of 3 match", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AToxicMarkDeletedByHand_IsReportedWithItsRunId()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        using var client = ledger.Server.Client(OperatorKey);
        var (marked, _) = await HttpJson.PostAsync(client, "/api/v1/runs/toxic", """{"selection":{"runIds":["run-2"]},"reason":"refunded twice"}""");
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);

        await ExecuteAsync("DELETE FROM toxic_runs WHERE run_id = @run", ("run", "run-2"));

        var (exit, output) = await ledger.VerifyAsync();
        Assert.Equal(1, exit);
        Assert.Contains("toxic_runs run-2: stored (none), ledger marked", output, StringComparison.Ordinal);
        Assert.Contains("Anchors: 3 of 3 match", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnchorNotSignedByThePinnedKey_IsReported_AndAnIntactLedgerPasses()
    {
        await using var ledger = await AnchoredLedger.CreateAsync(this);
        var intact = await ledger.VerifyAsync();
        var forged = ledger.First with { Hash = new string('a', 64) };
        await File.AppendAllTextAsync(ledger.KeptFile, JsonSerializer.Serialize(forged, Serialization.FirebreakJson.Options) + "\n", TestContext.Current.CancellationToken);

        var (exit, output) = await ledger.VerifyAsync();

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("Anchors: 3 of 3 match", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains("BADSIGNATURE", output, StringComparison.Ordinal);
    }

    private static async Task<bool> ChainAloneIsValidAsync(ServiceProcess server)
    {
        using var client = server.Client(OperatorKey);
        var (response, body) = await HttpJson.GetAsync(client, "/api/v1/ledger/verify?full=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body.GetProperty("valid").GetBoolean();
    }

    private async Task<long> FirstSeqAsync(string where)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT MIN(seq) FROM ledger_entries WHERE {where}";
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Changes one entry's payload and recomputes every later hash and the head, as an attacker with the file would.</summary>
    private async Task RewriteFromAsync(long seq, Func<string, string> change)
    {
        await using var connection = await OpenAsync();
        var entries = new List<LedgerEntry>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq, kind, run_id, agent_id, recorded_at, payload, prev_hash, hash FROM ledger_entries WHERE seq >= @seq ORDER BY seq";
            read.Parameters.AddWithValue("seq", seq);
            await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                entries.Add(new LedgerEntry(
                    reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetInt64(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }
        }

        var prev = entries[0].PrevHash;
        foreach (var entry in entries)
        {
            var payload = entry.Seq == seq ? change(entry.Payload) : entry.Payload;
            Assert.True(entry.Seq != seq || payload != entry.Payload, "the rewrite must change the entry");
            var hash = LedgerChain.ComputeHash(prev, entry.Seq, entry.Kind, entry.RunId, entry.AgentId, entry.RecordedAtMs, payload);
            await using var write = connection.CreateCommand();
            write.CommandText = "UPDATE ledger_entries SET payload = @payload, prev_hash = @prev, hash = @hash WHERE seq = @seq";
            write.Parameters.AddWithValue("payload", payload);
            write.Parameters.AddWithValue("prev", prev);
            write.Parameters.AddWithValue("hash", hash);
            write.Parameters.AddWithValue("seq", entry.Seq);
            await write.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            prev = hash;
        }

        await using var head = connection.CreateCommand();
        head.CommandText = "UPDATE ledger_head SET hash = @hash WHERE id = 1";
        head.Parameters.AddWithValue("hash", prev);
        await head.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={_directory.File("firebreak.db")};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        return connection;
    }

    /// <summary>
    /// A server with an anchor key made by the CLI, a ledger of three refund runs, and the anchors an outsider kept:
    /// the one made at start (head 0), one after the first run (<see cref="First"/>) and one after the second.
    /// </summary>
    private sealed class AnchoredLedger : IAsyncDisposable
    {
        private readonly LedgerAnchorAttackTests _test;
        private string _publicKey = string.Empty;

        private AnchoredLedger(LedgerAnchorAttackTests test, ServiceProcess server)
        {
            _test = test;
            Server = server;
        }

        public ServiceProcess Server { get; }

        public LedgerAnchor First { get; private set; } = null!;

        public string KeptFile => _test._directory.File("kept-anchors.jsonl");

        public static async Task<AnchoredLedger> CreateAsync(LedgerAnchorAttackTests test)
        {
            var keyFile = test._directory.File("anchor.key");
            var (created, publicKey) = await RunCliAsync(null, "ledger", "anchor-key", "create", keyFile);
            Assert.Equal(0, created);
            var server = await ServiceProcess.StartServerAsync(
                new Dictionary<string, string>
                {
                    ["Firebreak:Storage:Provider"] = "sqlite",
                    ["Firebreak:Storage:ConnectionString"] = test._directory.File("firebreak.db"),
                    ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                    ["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry,
                    ["Firebreak:Ledger:AnchorKeyFile"] = keyFile,
                    ["Firebreak:Ledger:AnchorFile"] = test._directory.File("sink.jsonl"),
                },
                TestContext.Current.CancellationToken);
            var ledger = new AnchoredLedger(test, server) { _publicKey = publicKey.Trim() };
            using var client = server.Client(OperatorKey);
            var (_, key) = await HttpJson.GetAsync(client, "/api/v1/ledger/anchors/key");
            Assert.Equal(ledger._publicKey, key.GetProperty("publicKey").GetString());

            await RecordRunAsync(client, 1);
            ledger.First = await ledger.AnchorAsync();
            await RecordRunAsync(client, 2);
            await ledger.AnchorAsync();
            await RecordRunAsync(client, 3);

            // The anchor the server made at start went to the sink; the outsider collected it from there.
            var startAnchor = (await File.ReadAllLinesAsync(test._directory.File("sink.jsonl"), TestContext.Current.CancellationToken))[0];
            await File.AppendAllTextAsync(ledger.KeptFile, startAnchor + "\n", TestContext.Current.CancellationToken);
            return ledger;
        }

        /// <summary>Runs <c>firebreak ledger verify</c>; the output's whitespace is collapsed, since the console wraps long lines.</summary>
        public async Task<(int ExitCode, string Output)> VerifyAsync()
        {
            var (exit, output) = await RunCliAsync(Server, "ledger", "verify", "--anchors", KeptFile, "--public-key", _publicKey);
            return (exit, Regex.Replace(output, @"\s+", " "));
        }

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private async Task<LedgerAnchor> AnchorAsync()
        {
            var (exit, line) = await RunCliAsync(Server, "ledger", "anchor");
            Assert.True(exit == 0, line);
            await File.AppendAllTextAsync(KeptFile, line, TestContext.Current.CancellationToken);
            return JsonSerializer.Deserialize<LedgerAnchor>(line, Serialization.FirebreakJson.Options)!;
        }

        private static async Task RecordRunAsync(HttpClient client, int n)
        {
            var (run, _) = await HttpJson.PostAsync(client, "/api/v1/runs", $$$"""{"agentId":"support","runId":"run-{{{n}}}","input":{"ticket":"T-{{{n}}}"}}""");
            Assert.Equal(HttpStatusCode.Created, run.StatusCode);
            var (step, _) = await HttpJson.PostAsync(client, $"/api/v1/runs/run-{n}/steps", """{"kind":"model_call","name":"plan","data":{"tokens":120}}""");
            Assert.Equal(HttpStatusCode.Created, step.StatusCode);
            var (action, _) = await HttpJson.PostAsync(client, "/api/v1/actions",
                $$"""{"agentId":"support","runId":"run-{{n}}","tool":"issue_refund","idempotencyKey":"refund-{{n}}","arguments":{"amount":40},"outcome":"executed","entities":["ticket:T-{{n}}"],"amount":40,"currency":"USD"}""");
            Assert.Equal(HttpStatusCode.Created, action.StatusCode);
            var (ended, _) = await HttpJson.PostAsync(client, $"/api/v1/runs/run-{n}/end", """{"status":"completed"}""");
            Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        }

        private static async Task<(int ExitCode, string Output)> RunCliAsync(ServiceProcess? server, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(CliAssembly());
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            if (server is not null)
            {
                start.Environment["FIREBREAK_SERVER"] = server.Address.ToString();
                start.Environment["FIREBREAK_API_KEY"] = OperatorKey;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            return (process.ExitCode, await output + await error);
        }

        private static string CliAssembly()
        {
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var path = Path.Combine(RepositoryPaths.Root, "src", "Firebreak.Cli", "bin", configuration, "net10.0", "firebreak.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the CLI first: {path} is missing.", path);
        }
    }
}
