using System.Net;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Ledger;

/// <summary>
/// An agent key that skips the local control decision and posts straight to <c>/api/v1/actions</c>, against the real
/// server process: the server decides again from its own snapshot, refuses what the controls forbid, stores nothing,
/// and still takes every record that says a call did not run. Each backend subclasses this once.
/// </summary>
public abstract class ActionAdmissionAttacks
{
    private const string OperatorKey = "fbk_admission_operator";

    private protected abstract Task<Dictionary<string, string>> StorageSettingsAsync();

    [Fact]
    public async Task AClientThatSkipsTheLocalDecision_CannotRecordARefundForAKilledAgent()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        using var agent = await AgentClientAsync(server, operatorClient);
        var (kill, killBody) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0",
            """{"target":"agent","agentId":"support","mode":"killed","reason":"refund storm"}""");
        Assert.True(kill.IsSuccessStatusCode, killBody.ToString());

        var (pending, problem) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("skip-1", "pending"));
        var (executed, _) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("skip-2", "executed"));

        Assert.Equal(HttpStatusCode.Conflict, pending.StatusCode);
        Assert.Equal("application/problem+json", pending.Content.Headers.ContentType?.MediaType);
        Assert.Equal("block", problem.GetProperty("verdict").GetString());
        var control = problem.GetProperty("control");
        Assert.Equal("killed", control.GetProperty("mode").GetString());
        Assert.Equal("refund storm", control.GetProperty("reason").GetString());
        Assert.Contains("support", control.GetProperty("scope").ToString(), StringComparison.Ordinal);
        Assert.True(control.GetProperty("epoch").GetInt64() > 0);
        Assert.Contains("killed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, executed.StatusCode);
        await AssertLedgerHoldsNoneOfAsync(operatorClient, "skip-1", "skip-2");
    }

    [Fact]
    public async Task AClientThatSkipsTheLocalDecision_CannotRecordACallOfARevokedTool()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        using var agent = await AgentClientAsync(server, operatorClient);
        var (revoke, revokeBody) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0",
            """{"target":"tools","agentId":"support","tools":["issue_refund"],"mode":"killed","reason":"refunds revoked"}""");
        Assert.True(revoke.IsSuccessStatusCode, revokeBody.ToString());

        var (refund, problem) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("revoked-1", "pending"));
        var (lookup, _) = await HttpJson.PostAsync(agent, "/api/v1/actions",
            """{"agentId":"support","idempotencyKey":"read-1","tool":"lookup_order","arguments":{"orderId":"o-1"},"outcome":"executed"}""");

        Assert.Equal(HttpStatusCode.Conflict, refund.StatusCode);
        Assert.Equal("refunds revoked", problem.GetProperty("control").GetProperty("reason").GetString());
        Assert.Contains("issue_refund", problem.GetProperty("control").GetProperty("scope").ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, lookup.StatusCode);
        await AssertLedgerHoldsNoneOfAsync(operatorClient, "revoked-1");
    }

    [Fact]
    public async Task AfterAKill_BlockedAttemptsAreStillRecorded_AndAPendingActionReplaysAndCompletes()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        using var agent = await AgentClientAsync(server, operatorClient);
        var (before, original) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("in-flight", "pending"));
        await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","mode":"killed","reason":"refund storm"}""");

        var (replay, replayed) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("in-flight", "pending"));
        var (completed, completion) = await HttpJson.PostAsync(agent, "/api/v1/actions/complete",
            """{"agentId":"support","idempotencyKey":"in-flight","outcome":"executed","result":{"refunded":true}}""");
        var (blocked, _) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("stopped", "blocked"));
        var (shadowed, _) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("simulated", "shadowed"));

        Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(original.GetProperty("seq").GetInt64(), replayed.GetProperty("seq").GetInt64());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("executed", completion.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.Created, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.Created, shadowed.StatusCode);
        await AssertChainVerifiesAsync(operatorClient);
    }

    [Fact]
    public async Task UnderApproval_APendingRefundIsRecordedOnlyWithAnApprovalOfTheseArguments()
    {
        await using var server = await StartAsync();
        using var operatorClient = server.Client(OperatorKey);
        using var agent = await AgentClientAsync(server, operatorClient);
        var (change, changed) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0",
            """{"target":"agent","agentId":"support","mode":"approval","reason":"refunds need a human"}""");
        Assert.True(change.IsSuccessStatusCode, changed.ToString());
        var epoch = (await HttpJson.GetAsync(operatorClient, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64();
        var (asked, approval) = await HttpJson.PostAsync(agent, "/api/v1/approvals",
            $$"""{"agentId":"support","tool":"issue_refund","arguments":{"orderId":"o-approved","amount":40},"idempotencyKey":"approved-1","controlEpoch":{{epoch}}}""");
        Assert.True(asked.IsSuccessStatusCode, approval.ToString());
        var (decided, decision) = await HttpJson.PostAsync(operatorClient, $"/api/v1/approvals/{approval.GetProperty("id").GetString()}/approve", "{}");
        Assert.True(decided.IsSuccessStatusCode, decision.ToString());

        var (unapproved, problem) = await HttpJson.PostAsync(agent, "/api/v1/actions", Refund("unapproved-1", "pending"));
        var (otherArguments, _) = await HttpJson.PostAsync(agent, "/api/v1/actions",
            """{"agentId":"support","idempotencyKey":"approved-1","tool":"issue_refund","arguments":{"orderId":"o-approved","amount":4000},"outcome":"pending"}""");
        var (approved, _) = await HttpJson.PostAsync(agent, "/api/v1/actions",
            """{"agentId":"support","idempotencyKey":"approved-1","tool":"issue_refund","arguments":{"orderId":"o-approved","amount":40},"outcome":"pending"}""");

        Assert.Equal(HttpStatusCode.Conflict, unapproved.StatusCode);
        Assert.Equal("require_approval", problem.GetProperty("verdict").GetString());
        Assert.Equal("approval", problem.GetProperty("control").GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.Conflict, otherArguments.StatusCode);
        Assert.Equal(HttpStatusCode.Created, approved.StatusCode);
        await AssertLedgerHoldsNoneOfAsync(operatorClient, "unapproved-1");
    }

    private static string Refund(string key, string outcome) =>
        $$"""{"agentId":"support","idempotencyKey":"{{key}}","tool":"issue_refund","arguments":{"orderId":"{{key}}","amount":40},"outcome":"{{outcome}}","amount":40,"currency":"USD"}""";

    private static async Task<HttpClient> AgentClientAsync(ServiceProcess server, HttpClient operatorClient)
    {
        var (created, key) = await HttpJson.PostAsync(operatorClient, "/api/v1/keys", """{"name":"support-agent","role":"agent","agentId":"support"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return server.Client(key.GetProperty("key").GetString()!);
    }

    private static async Task AssertLedgerHoldsNoneOfAsync(HttpClient operatorClient, params string[] keys)
    {
        var (_, actions) = await HttpJson.GetAsync(operatorClient, "/api/v1/actions?agent=support&limit=500");
        var stored = actions.EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.All(keys, key => Assert.DoesNotContain(key, stored));
        await AssertChainVerifiesAsync(operatorClient);
    }

    private static async Task AssertChainVerifiesAsync(HttpClient operatorClient)
    {
        var (_, verification) = await HttpJson.GetAsync(operatorClient, "/api/v1/ledger/verify");
        Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
    }

    private async Task<ServiceProcess> StartAsync()
    {
        var settings = await StorageSettingsAsync();
        settings["Firebreak:BootstrapOperatorKey"] = OperatorKey;
        settings["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry;
        return await ServiceProcess.StartServerAsync(settings, TestContext.Current.CancellationToken);
    }
}
