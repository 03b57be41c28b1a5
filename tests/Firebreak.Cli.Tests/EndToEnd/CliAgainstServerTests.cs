using System.Text.Json;
using Firebreak.Client;
using Firebreak.Ledger;
using Microsoft.Data.Sqlite;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>The <c>firebreak</c> command against the real server: what an operator types and reads.</summary>
public sealed class CliAgainstServerTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<CliRun> Firebreak(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    [Fact]
    public async Task AgentsList_ShowsTheSampleAgent()
    {
        var run = await Firebreak("agents", "list");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("support", run.Output, StringComparison.Ordinal);
        Assert.Contains("support-platform", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentsShow_ListsToolsWithRiskAndFailMode()
    {
        var run = await Firebreak("agents", "show", "support");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("issue_refund", run.Output, StringComparison.Ordinal);
        Assert.Contains("financial", run.Output, StringComparison.Ordinal);
        Assert.Contains("closed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_ByRunIdAndByCorrelationId_ShowsTheDecisionTrace()
    {
        var runId = await RecordRefundRunAsync("req-cli-1");

        var byRun = await Firebreak("trace", runId);
        var byCorrelation = await Firebreak("trace", "req-cli-1");

        Assert.Equal(ExitCodes.Success, byRun.ExitCode);
        Assert.Contains("issue_refund", byRun.Output, StringComparison.Ordinal);
        Assert.Contains("model_call", byRun.Output, StringComparison.Ordinal);
        Assert.Contains("40", byRun.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, byCorrelation.ExitCode);
        Assert.Contains(runId, byCorrelation.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsList_ShowsRecordedRuns()
    {
        var runId = await RecordRefundRunAsync("req-cli-2");

        var run = await Firebreak("runs", "list", "--agent", "support");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains(runId, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_ACiKeyForTwoAgents_PrintsTheKeyAndItsAgents_AndACiKeyWithoutAgentIsRefused()
    {
        var created = await Firebreak("keys", "create", "--name", "release-pipeline", "--role", "ci", "--agent", "support", "--agent", "billing");
        var refused = await Firebreak("keys", "create", "--name", "release-pipeline", "--role", "ci");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.Matches(@"Role\s+ci", created.Output);
        Assert.Matches(@"Agents\s+support, billing", created.Output);
        Assert.Matches(@"Key\s+fbk_", created.Output);
        Assert.Equal(ExitCodes.ApiError, refused.ExitCode);
        Assert.Contains("agentIds: is required for a ci key", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRun_IsAOneLineErrorWithANonZeroExit()
    {
        var run = await Firebreak("runs", "show", "no-such-run");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("no-such-run", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongKey_IsRefusedInOneLine()
    {
        var run = await CliRun.RunAsync(["--api-key", "fbk_wrong", "agents", "list"], server.Server.CreateHandler());

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("401", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task LedgerVerify_PassesOnAnIntactLedger_AndReportsTheFirstBrokenEntryAfterTampering()
    {
        await RecordRefundRunAsync("req-cli-3");
        var intact = await Firebreak("ledger", "verify");

        long tampered;
        await using (var connection = new SqliteConnection($"Data Source={server.DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE ledger_entries SET payload = REPLACE(payload, '40', '4000') WHERE seq = (SELECT MIN(seq) FROM ledger_entries WHERE kind = 'action') RETURNING seq";
            tampered = (long)(await command.ExecuteScalarAsync(Ct))!;
        }

        var broken = await Firebreak("ledger", "verify");

        Assert.Equal(ExitCodes.Success, intact.ExitCode);
        Assert.Equal(ExitCodes.Finding, broken.ExitCode);
        Assert.Contains(tampered.ToString(System.Globalization.CultureInfo.InvariantCulture), broken.Output + broken.Error, StringComparison.Ordinal);
    }

    private async Task<string> RecordRefundRunAsync(string correlationId)
    {
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var run = await client.StartRunAsync(new StartRunRequest("support", CorrelationId: correlationId, Input: Json("""{"ticket":"T-1"}""")), Ct);
        await client.AppendStepAsync(run.Id, new AppendStepRequest(StepKind.ModelCall, "plan", Json("""{"tokens":120}""")), Ct);
        await client.RecordActionAsync(
            new RecordActionRequest(
                "support", $"{correlationId}-refund", "issue_refund", Json("""{"orderId":"o-1","amount":40}"""), ActionOutcome.Executed,
                RunId: run.Id, Entities: ["customer:47", "ticket:812"], Amount: 40m, Currency: "USD"),
            Ct);
        await client.EndRunAsync(run.Id, new EndRunRequest(RunStatus.Completed, Json("""{"text":"Refunded."}""")), Ct);
        return run.Id;
    }

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
