using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Client;
using Firebreak.Incidents;
using Firebreak.Held;
using Firebreak.Registry;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>
/// Containment from the command line against the real server: kill, revoke, status, approvals and held work.
/// Each test registers an agent of its own, so the controls one test sets never reach another's agent.
/// </summary>
public sealed partial class ControlCommandsAgainstServerTests(CliServer server) : IClassFixture<CliServer>
{
    private const string OnCall = "oncall-alice";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_WithNoEnforcementPointConnected_PrintsTheEpochAndSaysSo_ExitsZero_AndStatusShowsTheAgentKilled()
    {
        var agent = await RegisterAgentAsync("kill-me");
        var key = await CreateKeyAsync(OnCall, ApiKeyRole.Operator);
        var incident = await DeclareIncidentAsync(agent);

        var kill = await Run(key, "kill", "--agent", agent, "--reason", "refund loop", "--incident", incident);
        var status = await Run(key, "status", "--agent", agent);

        Assert.Equal(ExitCodes.Success, kill.ExitCode);
        var epoch = EpochLine().Match(kill.Output);
        Assert.True(epoch.Success, kill.Output);
        Assert.Contains($"0 of 0 enforcement points confirmed epoch {epoch.Groups[1].Value}: no enforcement point is connected", kill.Output, StringComparison.Ordinal);
        Assert.Contains($"agent:{agent}", kill.Output, StringComparison.Ordinal);
        Assert.Contains(OnCall, kill.Output, StringComparison.Ordinal);
        Assert.Contains("refund loop", kill.Output, StringComparison.Ordinal);
        Assert.Contains(incident, kill.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, status.ExitCode);
        Assert.Contains("killed", Row(status.Output, "(runs)"), StringComparison.Ordinal);
        Assert.Contains($"agent:{agent}", Row(status.Output, "issue_refund"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeRiskFinancial_KillsOnlyTheFinancialTool()
    {
        var agent = await RegisterAgentAsync("revoke-me");

        var revoke = await Run(CliServer.OperatorKey, "revoke", "--agent", agent, "--risk", "financial", "--reason", "refunds out of policy");
        var status = await Run(CliServer.OperatorKey, "status", "--agent", agent);

        Assert.Equal(ExitCodes.Success, revoke.ExitCode);
        Assert.Contains($"tool:{agent}/issue_refund", revoke.Output, StringComparison.Ordinal);
        Assert.Contains("killed", Row(status.Output, "issue_refund"), StringComparison.Ordinal);
        Assert.Contains("normal", Row(status.Output, "lookup_order"), StringComparison.Ordinal);
        Assert.Contains("normal", Row(status.Output, "close_ticket"), StringComparison.Ordinal);
        Assert.Contains("normal", Row(status.Output, "(runs)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_PutsTheAgentAtTheStrictLevel_PrintsTheChange_AndOffReturnsItToNormal()
    {
        var agent = await RegisterAgentAsync("strict-me");
        var key = await CreateKeyAsync(OnCall, ApiKeyRole.Operator);

        var strict = await Run(key, "strict", "--agent", agent, "--reason", "injected instructions in retrieved documents");
        var strictStatus = await Run(key, "status", "--agent", agent);
        var off = await Run(key, "strict", "--agent", agent, "--reason", "knowledge base cleaned", "--off");
        var offStatus = await Run(key, "status", "--agent", agent);

        Assert.Equal(ExitCodes.Success, strict.ExitCode);
        Assert.Contains($"{agent} strict", strict.Output, StringComparison.Ordinal);
        Assert.Contains(OnCall, strict.Output, StringComparison.Ordinal);
        Assert.Contains("injected instructions in retrieved documents", strict.Output, StringComparison.Ordinal);
        Assert.Contains("enforcement points confirmed epoch", strict.Output, StringComparison.Ordinal);
        Assert.Contains($"Strict agents {agent}", strictStatus.Output, StringComparison.Ordinal);
        Assert.Contains("normal", Row(strictStatus.Output, "(runs)"), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, off.ExitCode);
        Assert.Contains($"{agent} normal", off.Output, StringComparison.Ordinal);
        Assert.Contains("Strict agents none", offStatus.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_WithoutAgent_IsAUsageError_AndForAnUnknownAgentAnApiError()
    {
        var missing = await Run(CliServer.OperatorKey, "strict", "--reason", "r");
        var unknown = await Run(CliServer.OperatorKey, "strict", "--agent", "no-such-agent", "--reason", "r");

        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--agent", missing.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ApiError, unknown.ExitCode);
    }

    [Fact]
    public async Task Kill_WithoutReason_IsAOneLineUsageError()
    {
        var run = await Run(CliServer.OperatorKey, "kill", "--agent", "support");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("--reason", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kill_WithoutTarget_IsAOneLineUsageError()
    {
        var run = await Run(CliServer.OperatorKey, "kill", "--reason", "oops");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("--global", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_WithoutToolOrRisk_IsAUsageError()
    {
        var run = await Run(CliServer.OperatorKey, "revoke", "--agent", "support", "--reason", "oops");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--tool or --risk", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kill", "--agent", "support", "--risk", "financal", "--reason", "x")]
    [InlineData("kill", "--agent", "support", "--for", "soon", "--reason", "x")]
    [InlineData("kill", "--global", "--agent", "support", "--reason", "x")]
    [InlineData("kill", "--agent", "support", "--tool", "issue_refund", "--risk", "financial", "--reason", "x")]
    [InlineData("resume", "--agent", "support", "--for", "1h", "--reason", "x")]
    [InlineData("approvals", "rule", "--agent", "support", "--tool", "issue_refund", "--max-amount", "lots", "--amount-argument", "amount", "--for", "1h", "--reason", "x")]
    public async Task BadControlArguments_AreOneLineUsageErrors(params string[] args)
    {
        var run = await Run(CliServer.OperatorKey, args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task AnAgentKey_CannotKill_ItsOwnAgent()
    {
        var agent = await RegisterAgentAsync("self-kill");
        var agentKey = await CreateKeyAsync($"{agent}-sdk", ApiKeyRole.Agent, agent);

        var run = await Run(agentKey, "resume", "--agent", agent, "--reason", "let me out");
        var kill = await Run(agentKey, "kill", "--agent", agent, "--reason", "should not be mine to decide");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal(ExitCodes.ApiError, kill.ExitCode);
        Assert.Contains("403", kill.Error, StringComparison.Ordinal);
        Assert.Single(kill.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task For30m_SetsAnExpiry_ShownByTheChangeAndByStatus()
    {
        var agent = await RegisterAgentAsync("for-a-while");
        var before = DateTimeOffset.UtcNow;

        var shadow = await Run(CliServer.OperatorKey, "shadow", "--agent", agent, "--for", "30m", "--reason", "watch it");
        var status = await Run(CliServer.OperatorKey, "status", "--agent", agent);

        Assert.Equal(ExitCodes.Success, shadow.ExitCode);
        var expires = ExpiresLine().Match(shadow.Output);
        Assert.True(expires.Success, shadow.Output);
        var expiry = DateTimeOffset.ParseExact(expires.Groups[1].Value, "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(expiry, before.AddMinutes(30).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(30).AddSeconds(1));
        Assert.Contains("shadow", Row(status.Output, "(runs)"), StringComparison.Ordinal);
        Assert.Contains(expires.Groups[1].Value, Row(status.Output, "(runs)"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnconfirmingEnforcementPoint_IsListedAsNotConfirmed_AndExitsWithAFinding()
    {
        var agent = await RegisterAgentAsync("silent-point");
        var agentKey = await CreateKeyAsync($"{agent}-sdk", ApiKeyRole.Agent, agent);
        using var http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", agentKey);

        // A point that opens its stream and never acknowledges: the server must report it unconfirmed.
        using var stream = await http.GetAsync(
            new Uri($"api/v1/control/stream?pointId={agent}-p1&agent={agent}&version=9.9.9&host=test-host", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead,
            Ct);
        stream.EnsureSuccessStatusCode();

        var kill = await Run(CliServer.OperatorKey, "kill", "--agent", agent, "--reason", "stop", "--wait", "300");

        Assert.Equal(ExitCodes.Finding, kill.ExitCode);
        Assert.Contains($"{agent}-p1", kill.Output, StringComparison.Ordinal);
        Assert.Contains("test-host", kill.Output, StringComparison.Ordinal);
        Assert.Contains(" no ", Row(kill.Output, $"{agent}-p1"), StringComparison.Ordinal);
        Assert.Contains("0 of 1 enforcement points confirmed epoch", kill.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalsListAndApproveAndDeny_ShowThePendingCallAndWhoDecided()
    {
        var agent = await RegisterAgentAsync("needs-ok");
        var operatorKey = await CreateKeyAsync(OnCall, ApiKeyRole.Operator);
        var put = await Run(operatorKey, "approval", "--agent", agent, "--risk", "financial", "--reason", "humans check refunds");
        var agentKey = await CreateKeyAsync($"{agent}-sdk", ApiKeyRole.Agent, agent);
        using var agentClient = new FirebreakClient(server.CreateClient(), agentKey);
        var epoch = (await agentClient.GetControlSnapshotAsync(agent, Ct)).Epoch;
        var first = await agentClient.CreateApprovalAsync(
            new ApprovalRequest(agent, "issue_refund", Json("""{"orderId":"o-1","amount":40,"currency":"USD"}"""), $"{agent}-1", epoch, Amount: 40m, Currency: "USD"), Ct);
        var second = await agentClient.CreateApprovalAsync(
            new ApprovalRequest(agent, "issue_refund", Json("""{"orderId":"o-2","amount":900,"currency":"USD"}"""), $"{agent}-2", epoch, Amount: 900m, Currency: "USD"), Ct);

        var list = await Run(operatorKey, "approvals", "list", "--agent", agent);
        var incident = await DeclareIncidentAsync(agent);
        var approve = await Run(operatorKey, "approvals", "approve", first.Id, "--reason", "matches the ticket", "--incident", incident);
        var deny = await Run(operatorKey, "approvals", "deny", second.Id, "--reason", "too much");
        var pending = await Run(operatorKey, "approvals", "list", "--agent", agent);

        Assert.Equal(ExitCodes.Success, put.ExitCode);
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Contains("pending", Row(list.Output, first.Id), StringComparison.Ordinal);
        Assert.Contains("40.00 USD", Row(list.Output, first.Id), StringComparison.Ordinal);
        Assert.Contains(second.Id, list.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, approve.ExitCode);
        Assert.Contains($"Approval {first.Id} approved by {OnCall}", approve.Output, StringComparison.Ordinal);
        Assert.Contains("matches the ticket", approve.Output, StringComparison.Ordinal);
        Assert.Contains(incident, approve.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, deny.ExitCode);
        Assert.Contains($"Approval {second.Id} denied by {OnCall}", deny.Output, StringComparison.Ordinal);
        Assert.Contains("No approvals.", pending.Output, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Approved, (await agentClient.GetApprovalAsync(first.Id, cancellationToken: Ct)).Status);
    }

    [Fact]
    public async Task ApprovalsRule_PrintsTheStoredRuleAndWhoSetIt()
    {
        var agent = await RegisterAgentAsync("ruled");
        var operatorKey = await CreateKeyAsync(OnCall, ApiKeyRole.Operator);

        var rule = await Run(
            operatorKey, "approvals", "rule", "--agent", agent, "--tool", "issue_refund",
            "--max-amount", "20", "--amount-argument", "amount", "--for", "1h", "--reason", "small refunds are fine");
        var half = await Run(operatorKey, "approvals", "rule", "--agent", agent, "--tool", "issue_refund", "--max-amount", "20", "--for", "1h", "--reason", "x");

        Assert.Equal(ExitCodes.Success, rule.ExitCode);
        Assert.Contains($"set by {OnCall}: approve issue_refund of {agent} with amount <= 20 until", rule.Output, StringComparison.Ordinal);
        Assert.Contains("small refunds are fine", rule.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, half.ExitCode);
    }

    [Fact]
    public async Task HeldListReleaseAndDiscard_ShowTheItemsAndWhoDecided()
    {
        var agent = await RegisterAgentAsync("drained");
        var operatorKey = await CreateKeyAsync(OnCall, ApiKeyRole.Operator);
        var pause = await Run(operatorKey, "pause", "--agent", agent, "--reason", "drain for review");
        var agentKey = await CreateKeyAsync($"{agent}-sdk", ApiKeyRole.Agent, agent);
        using var agentClient = new FirebreakClient(server.CreateClient(), agentKey);
        var kept = await agentClient.HoldAsync(new HeldItemRequest(agent, Json("""{"ticket":"T-77"}"""), "agent paused"), Ct);
        var dropped = await agentClient.HoldAsync(new HeldItemRequest(agent, Json("""{"ticket":"T-78"}"""), "agent paused"), Ct);

        var list = await Run(operatorKey, "held", "list", "--agent", agent);
        var incident = await DeclareIncidentAsync(agent);
        var release = await Run(operatorKey, "held", "release", kept.Id, "--reason", "legitimate ticket", "--incident", incident);
        var discard = await Run(operatorKey, "held", "discard", dropped.Id, "--reason", "prompt injection");
        var remaining = await Run(operatorKey, "held", "list", "--agent", agent);

        Assert.Equal(ExitCodes.Success, pause.ExitCode);
        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Contains("T-77", Row(list.Output, kept.Id), StringComparison.Ordinal);
        Assert.Contains("T-78", Row(list.Output, dropped.Id), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, release.ExitCode);
        Assert.Contains($"Held item {kept.Id} released by {OnCall}", release.Output, StringComparison.Ordinal);
        Assert.Contains("legitimate ticket", release.Output, StringComparison.Ordinal);
        Assert.Contains(incident, release.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, discard.ExitCode);
        Assert.Contains($"Held item {dropped.Id} discarded by {OnCall}", discard.Output, StringComparison.Ordinal);
        Assert.Contains("No held items.", remaining.Output, StringComparison.Ordinal);
    }

    private Task<CliRun> Run(string key, params string[] args) =>
        CliRun.RunAsync(["--api-key", key, .. args], server.Server.CreateHandler());

    private async Task<string> RegisterAgentAsync(string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        await client.PutAgentAsync(
            new AgentDefinition(id, "cli-tests", null, [
                new ToolDefinition("lookup_order", RiskClass.Read),
                new ToolDefinition("issue_refund", RiskClass.Financial),
                new ToolDefinition("close_ticket", RiskClass.Write),
            ]),
            Ct);
        return id;
    }

    // Acts that name an incident must name one that exists.
    private async Task<string> DeclareIncidentAsync(string agent)
    {
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var declared = await client.DeclareIncidentAsync(
            new DeclareIncidentRequest("Refund loop", [agent], FailureClass.ToolMisuse, "dana", "SEV2"), Ct);
        return declared.Incident.Id;
    }

    private async Task<string> CreateKeyAsync(string name, ApiKeyRole role, string? agentId = null)
    {
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        return (await client.CreateApiKeyAsync(new CreateApiKeyRequest(name, role, agentId), Ct)).Key;
    }

    // The table row naming this cell, so an assertion about one tool cannot pass on another tool's row.
    private static string Row(string output, string cell) =>
        output.Split('\n').FirstOrDefault(line => line.Contains($" {cell} ", StringComparison.Ordinal)) ?? string.Empty;

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"Epoch\s+(\d+)")]
    private static partial Regex EpochLine();

    [GeneratedRegex(@"Expires\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)")]
    private static partial Regex ExpiresLine();
}
