using System.Net;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Decisions;

/// <summary>
/// <c>POST /api/v1/decisions</c>, the enforcement pipeline for agents in any language, on the real server (in process,
/// SQLite, the sample registry): each answer, what it records, and who may ask.
/// </summary>
public sealed class DecisionsEndpointTests
{
    [Fact]
    public async Task ARiskyCallIsAllowedOnlyOnceRecordedPending_AndCompletesAsExecuted()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (response, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("r-1", 40));
        var (completed, action) = await HttpJson.PostAsync(agent, "/api/v1/actions/complete",
            """{"agentId":"support","idempotencyKey":"r-1","outcome":"executed","result":{"refundId":"rf_1"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("allow", answer.GetProperty("outcome").GetString());
        Assert.Equal("financial", answer.GetProperty("risk").GetString());
        Assert.Equal("normal", answer.GetProperty("mode").GetString());
        Assert.True(answer.GetProperty("epoch").GetInt64() >= 0);
        Assert.Equal("pending", answer.GetProperty("action").GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("executed", action.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AReadCallIsAllowedWithoutARecord_ItIsRecordedOnceItRan()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (_, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions",
            """{"agentId":"support","tool":"lookup_order","arguments":{"orderId":"o-1"},"idempotencyKey":"l-1"}""");

        Assert.Equal("allow", answer.GetProperty("outcome").GetString());
        Assert.Equal("read", answer.GetProperty("risk").GetString());
        Assert.False(answer.TryGetProperty("action", out _));
        Assert.DoesNotContain("l-1", await KeysAsync(app));
    }

    [Fact]
    public async Task AKilledAgentIsDenied_NamingTheControl_AndTheAttemptIsRecordedBlocked()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await ChangeAsync(app, """{"target":"agent","agentId":"support","mode":"killed","reason":"refund storm"}""");

        var (_, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("k-1", 40));
        var (_, read) = await HttpJson.PostAsync(agent, "/api/v1/decisions",
            """{"agentId":"support","tool":"lookup_order","arguments":{"orderId":"o-1"},"idempotencyKey":"k-2"}""");

        Assert.Equal("deny", answer.GetProperty("outcome").GetString());
        Assert.Equal("control", answer.GetProperty("reason").GetString());
        Assert.Equal("killed", answer.GetProperty("mode").GetString());
        Assert.Equal("agent:support", answer.GetProperty("control").GetProperty("scope").GetString());
        Assert.StartsWith("Tool issue_refund is blocked: agent support is killed by", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("blocked", answer.GetProperty("action").GetProperty("outcome").GetString());
        Assert.Equal("deny", read.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ARevokedToolIsDenied_WhileTheAgentsOtherToolsAreAllowed()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await ChangeAsync(app, """{"target":"tools","agentId":"support","tools":["issue_refund"],"mode":"killed","reason":"wrong refunds"}""");

        var (_, refund) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("v-1", 40));
        var (_, email) = await HttpJson.PostAsync(agent, "/api/v1/decisions",
            """{"agentId":"support","tool":"send_email","arguments":{"to":"a@example.com","body":"Your order shipped."},"idempotencyKey":"v-2"}""");

        Assert.Equal("deny", refund.GetProperty("outcome").GetString());
        Assert.Equal("tool:support/issue_refund", refund.GetProperty("control").GetProperty("scope").GetString());
        Assert.Equal("allow", email.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ShadowMode_AnswersShadowWithASimulatedResult_AndRecordsTheWouldBeAction()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await ChangeAsync(app, """{"target":"agent","agentId":"support","mode":"shadow","reason":"bad release"}""");

        var (_, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("s-1", 40));

        Assert.Equal("shadow", answer.GetProperty("outcome").GetString());
        Assert.True(answer.GetProperty("result").GetProperty("shadowed").GetBoolean());
        Assert.Equal("shadowed", answer.GetProperty("action").GetProperty("outcome").GetString());
        Assert.EndsWith("the call was recorded, not executed.", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderApproval_TheCallWaitsForAHuman_RunsOnceApproved_AndNeverWithOtherArguments()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await ChangeAsync(app, """{"target":"agent","agentId":"support","mode":"approval","reason":"refunds need a human"}""");

        var (_, asked) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("a-1", 40));
        var (_, stillWaiting) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("a-1", 40));
        var approvalId = asked.GetProperty("approval").GetProperty("id").GetString()!;
        var (approve, approved) = await HttpJson.PostAsync(app.Operator(), $"/api/v1/approvals/{approvalId}/approve", "{}");
        Assert.True(approve.IsSuccessStatusCode, approved.ToString());
        var (_, otherArguments) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("a-1", 400));
        var (_, allowed) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("a-1", 40));
        var (_, again) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("a-1", 40));

        Assert.Equal("approval_required", asked.GetProperty("outcome").GetString());
        Assert.Equal("pending", asked.GetProperty("approval").GetProperty("status").GetString());
        Assert.Equal(approvalId, stillWaiting.GetProperty("approval").GetProperty("id").GetString());
        Assert.Equal("deny", otherArguments.GetProperty("outcome").GetString());
        Assert.Equal("replay", otherArguments.GetProperty("reason").GetString());
        Assert.Equal("allow", allowed.GetProperty("outcome").GetString());
        Assert.Equal("pending", allowed.GetProperty("action").GetProperty("outcome").GetString());
        Assert.Equal("deny", again.GetProperty("outcome").GetString());
        Assert.Equal("replay", again.GetProperty("reason").GetString());
        Assert.Contains("a call runs at most once", again.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeniedApprovalDeniesTheCall_AndRecordsItDenied()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await ChangeAsync(app, """{"target":"agent","agentId":"support","mode":"approval","reason":"refunds need a human"}""");
        var (_, asked) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("d-1", 40));
        await HttpJson.PostAsync(app.Operator(), $"/api/v1/approvals/{asked.GetProperty("approval").GetProperty("id").GetString()}/deny", """{"reason":"not this customer"}""");

        var (_, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("d-1", 40));

        Assert.Equal("deny", answer.GetProperty("outcome").GetString());
        Assert.Equal("approval_denied", answer.GetProperty("reason").GetString());
        Assert.EndsWith(": not this customer", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("denied", answer.GetProperty("action").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task AnArgumentGuardrailDeniesTheCall_WithItsHits()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (_, answer) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("g-1", 9000));

        Assert.Equal("deny", answer.GetProperty("outcome").GetString());
        Assert.Equal("guardrail", answer.GetProperty("reason").GetString());
        Assert.Equal("refund-cap", answer.GetProperty("guardrails")[0].GetProperty("guardrail").GetString());
        Assert.Contains("by Firebreak guardrails", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("blocked", answer.GetProperty("action").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task ARepeatedKeyIsDenied_WhetherItsCallIsStillPendingOrEnded()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("p-1", 40));

        var (_, whilePending) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("p-1", 40));
        await HttpJson.PostAsync(agent, "/api/v1/actions/complete", """{"agentId":"support","idempotencyKey":"p-1","outcome":"executed"}""");
        var (_, afterwards) = await HttpJson.PostAsync(agent, "/api/v1/decisions", Refund("p-1", 40));

        Assert.Equal("replay", whilePending.GetProperty("reason").GetString());
        Assert.Equal("pending", whilePending.GetProperty("action").GetProperty("outcome").GetString());
        Assert.Equal("replay", afterwards.GetProperty("reason").GetString());
        Assert.Contains("already ended as executed", afterwards.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAgentKeyCannotAskForAnotherAgent_AndViewerAndCiKeysCannotAskAtAll()
    {
        await using var app = new FirebreakApp();
        using var other = await app.ClientFor(ApiKeyRole.Agent, "billing");
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);
        using var ci = await app.ClientFor(ApiKeyRole.Ci, agentIds: ["support"]);

        var (forOther, problem) = await HttpJson.PostAsync(other, "/api/v1/decisions", Refund("x-1", 40));
        var (asViewer, _) = await HttpJson.PostAsync(viewer, "/api/v1/decisions", Refund("x-2", 40));
        var (asCi, _) = await HttpJson.PostAsync(ci, "/api/v1/decisions", Refund("x-3", 40));

        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        Assert.Equal("application/problem+json", forOther.Content.Headers.ContentType?.MediaType);
        Assert.Contains("support", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asCi.StatusCode);
        Assert.DoesNotContain(await KeysAsync(app), k => k.StartsWith("x-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"agentId":"support","arguments":{},"idempotencyKey":"b-1"}""", "tool")]
    [InlineData("""{"agentId":"support","tool":"issue_refund","arguments":[1,2],"idempotencyKey":"b-2"}""", "arguments")]
    [InlineData("""{"agentId":"support","tool":"issue_refund","arguments":{}}""", "idempotencyKey")]
    [InlineData("""{"agentId":"Not A Slug","tool":"issue_refund","arguments":{},"idempotencyKey":"b-3"}""", "agentId")]
    public async Task AMalformedRequestGetsProblemDetailsNamingTheField_AndNothingIsRecorded(string body, string field)
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (response, problem) = await HttpJson.PostAsync(agent, "/api/v1/decisions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(await KeysAsync(app));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonGetsProblemDetails()
    {
        await using var app = new FirebreakApp();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        var (response, problem) = await HttpJson.PostAsync(agent, "/api/v1/decisions", """{"agentId":"support","tool":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }

    private static string Refund(string key, int amount) =>
        $$"""{"agentId":"support","tool":"issue_refund","arguments":{"orderId":"o-{{key}}","amount":{{amount}}},"idempotencyKey":"{{key}}","amount":{{amount}},"currency":"USD","entities":["customer:cus_9"]}""";

    private static async Task ChangeAsync(FirebreakApp app, string change)
    {
        var (response, body) = await HttpJson.PostAsync(app.Operator(), "/api/v1/control/changes?wait=0", change);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
    }

    private static async Task<HashSet<string>> KeysAsync(FirebreakApp app)
    {
        var (_, actions) = await HttpJson.GetAsync(app.Operator(), "/api/v1/actions?agent=support&limit=500");
        return actions.EnumerateArray().Select(a => a.GetProperty("idempotencyKey").GetString()!).ToHashSet(StringComparer.Ordinal);
    }
}
