using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Control;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

public sealed class ControlChangeTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task AChange_TakesTheNextEpoch_AndIsRecordedInTheLedger()
    {
        using var client = app.Operator();
        var incident = await HttpJson.DeclareIncidentAsync(client);
        var before = (await HttpJson.GetAsync(client, "/api/v1/control/snapshot")).Body.GetProperty("epoch").GetInt64();

        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0",
            $$"""{"target":"agent","agentId":"support","mode":"shadow","reason":"refund loop","incidentId":"{{incident}}"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, body.GetProperty("epoch").GetInt64());
        var history = (await HttpJson.GetAsync(client, "/api/v1/control/changes?agent=support&limit=1")).Body;
        Assert.Equal(before + 1, history[0].GetProperty("epoch").GetInt64());
        Assert.Equal(incident, history[0].GetProperty("change").GetProperty("incidentId").GetString());
        Assert.Equal("refund loop", history[0].GetProperty("change").GetProperty("reason").GetString());
        var verification = (await HttpJson.GetAsync(client, "/api/v1/ledger/verify")).Body;
        Assert.True(verification.GetProperty("valid").GetBoolean());
        var snapshot = await SnapshotAsync(client);
        Assert.Equal(ControlMode.Shadow, snapshot.Find("agent:support")!.Mode);
        Assert.Equal(before + 1, snapshot.Find("agent:support")!.Epoch);
    }

    [Fact]
    public async Task AnAgentKey_CannotChangeControls_SoItCannotLiftItsOwnKill()
    {
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var before = (await SnapshotAsync(operatorClient)).Epoch;

        var (response, _) = await HttpJson.PostAsync(agent, "/api/v1/control/changes",
            """{"target":"agent","agentId":"support","mode":"normal","reason":"let me out"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, (await SnapshotAsync(operatorClient)).Epoch);
    }

    [Fact]
    public async Task RiskTargeting_KillsWriteAndFinancialTools_Only()
    {
        using var client = app.Operator();

        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0",
            """{"target":"risk","agentId":"support","risk":["write","financial"],"mode":"killed","reason":"bad refunds"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["tool:support/close_ticket", "tool:support/issue_refund"],
            body.GetProperty("change").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()).Order(StringComparer.Ordinal));
        var snapshot = await SnapshotAsync(client);
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(ControlMode.Killed, snapshot.EffectiveMode("support", "issue_refund", now).Mode);
        Assert.Equal(ControlMode.Killed, snapshot.EffectiveMode("support", "close_ticket", now).Mode);
        Assert.NotEqual(ControlMode.Killed, snapshot.EffectiveMode("support", "lookup_order", now).Mode);
        Assert.NotEqual(ControlMode.Killed, snapshot.EffectiveMode("support", "send_email", now).Mode);
    }

    [Fact]
    public async Task AnUnknownAgentOrTool_Is404_AndChangesNothing()
    {
        using var client = app.Operator();
        var before = (await SnapshotAsync(client)).Epoch;

        var (agent, _) = await HttpJson.PostAsync(client, "/api/v1/control/changes", """{"target":"agent","agentId":"nobody","mode":"killed","reason":"r"}""");
        var (tool, _) = await HttpJson.PostAsync(client, "/api/v1/control/changes", """{"target":"tools","agentId":"support","tools":["no_such_tool"],"mode":"killed","reason":"r"}""");

        Assert.Equal(HttpStatusCode.NotFound, agent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tool.StatusCode);
        Assert.Equal(before, (await SnapshotAsync(client)).Epoch);
    }

    [Fact]
    public async Task AFrozenAgent_CannotBeReconfigured_UntilThawed()
    {
        using var client = app.Operator();
        var definition = (await HttpJson.GetAsync(client, "/api/v1/agents/support")).Body.GetRawText();
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","freeze":true,"reason":"incident in progress"}""");

        var (frozen, problem) = await HttpJson.SendAsync(client, "PUT", "/api/v1/agents/support", definition);
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","freeze":false,"reason":"resolved"}""");
        var (thawed, _) = await HttpJson.SendAsync(client, "PUT", "/api/v1/agents/support", definition);

        Assert.Equal(HttpStatusCode.Conflict, frozen.StatusCode);
        Assert.Contains("frozen", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, thawed.StatusCode);
    }

    [Fact]
    public async Task Strict_IsRecordedLikeAControlChange_AndReachesOnlyItsAgentsView()
    {
        using var client = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var before = (await SnapshotAsync(client)).Epoch;

        var (response, body) = await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0",
            """{"target":"agent","agentId":"support","strict":true,"reason":"injection in the knowledge base"}""");
        var strictView = (await HttpJson.GetAsync(agent, "/api/v1/control/snapshot")).Body.Deserialize<ControlSnapshot>(FirebreakJson.Options)!;
        var billingView = (await HttpJson.GetAsync(client, "/api/v1/control/snapshot?agent=billing")).Body.Deserialize<ControlSnapshot>(FirebreakJson.Options)!;
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","strict":false,"reason":"cleaned"}""");
        var after = await SnapshotAsync(client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, body.GetProperty("epoch").GetInt64());
        Assert.Equal("support", body.GetProperty("change").GetProperty("strictAgentId").GetString());
        Assert.True(strictView.IsStrict("support"));
        Assert.Empty(billingView.StrictAgents);
        Assert.False(after.IsStrict("support"));
        var history = (await HttpJson.GetAsync(client, "/api/v1/control/changes?agent=support&limit=2")).Body;
        Assert.False(history[0].GetProperty("change").GetProperty("strict").GetBoolean());
        Assert.True(history[1].GetProperty("change").GetProperty("strict").GetBoolean());
        Assert.Equal("injection in the knowledge base", history[1].GetProperty("change").GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(history[1].GetProperty("change").GetProperty("actor").GetString()));
        Assert.True((await HttpJson.GetAsync(client, "/api/v1/ledger/verify")).Body.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Strict_OnAGlobalTarget_Is400_AndChangesNothing()
    {
        using var client = app.Operator();
        var before = (await SnapshotAsync(client)).Epoch;

        var (response, problem) = await HttpJson.PostAsync(client, "/api/v1/control/changes", """{"target":"global","strict":true,"reason":"everything"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("strict", problem.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(before, (await SnapshotAsync(client)).Epoch);
    }

    [Fact]
    public async Task AnAgentKey_SeesOnlyItsOwnAgentsSnapshot()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (own, _) = await HttpJson.GetAsync(agent, "/api/v1/control/snapshot");
        var (other, _) = await HttpJson.GetAsync(agent, "/api/v1/control/snapshot?agent=billing");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    private static async Task<ControlSnapshot> SnapshotAsync(HttpClient client)
    {
        var (_, body) = await HttpJson.GetAsync(client, "/api/v1/control/snapshot");
        return body.Deserialize<ControlSnapshot>(FirebreakJson.Options)!;
    }
}
