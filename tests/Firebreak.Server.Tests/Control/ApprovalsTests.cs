using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

public sealed class ApprovalsTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task AnApprovedRequest_WakesTheLongPoll_WithTheApproverAndIncident()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var operatorClient = app.Operator();
        var incident = await HttpJson.DeclareIncidentAsync(operatorClient);
        var (created, approval) = await RequestAsync(agent, "approve-1", 40);
        var id = approval.GetProperty("id").GetString();

        var poll = HttpJson.GetAsync(agent, $"/api/v1/approvals/{id}?wait=10000");
        var (decided, _) = await HttpJson.PostAsync(operatorClient, $"/api/v1/approvals/{id}/approve", $$"""{"reason":"looks right","incidentId":"{{incident}}"}""");
        var (_, polled) = await poll;

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("pending", approval.GetProperty("status").GetString());
        Assert.Equal(64, approval.GetProperty("argumentsDigest").GetString()!.Length);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal("approved", polled.GetProperty("status").GetString());
        Assert.Equal("bootstrap", polled.GetProperty("decidedBy").GetString());
        Assert.Equal(incident, polled.GetProperty("incidentId").GetString());
    }

    [Fact]
    public async Task ADeniedRequest_StaysDenied_AndCannotBeApprovedAfterwards()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var operatorClient = app.Operator();
        var id = (await RequestAsync(agent, "deny-1", 500)).Body.GetProperty("id").GetString();

        var (denied, body) = await HttpJson.PostAsync(operatorClient, $"/api/v1/approvals/{id}/deny", """{"reason":"too large"}""");
        var (late, _) = await HttpJson.PostAsync(operatorClient, $"/api/v1/approvals/{id}/approve", "{}");

        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.Equal("denied", body.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("denied", (await HttpJson.GetAsync(agent, $"/api/v1/approvals/{id}")).Body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AStandingRule_ApprovesAmountsUpToItsLimit_AndNotAbove()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var operatorClient = app.Operator();
        var (rule, _) = await HttpJson.PostAsync(operatorClient, "/api/v1/approvals/rules",
            """{"agentId":"support","tool":"issue_refund","amountArgument":"amount","maxAmount":20,"for":"01:00:00","reason":"small refunds are fine"}""");

        var (small, smallBody) = await RequestAsync(agent, "rule-small", 20);
        var (large, largeBody) = await RequestAsync(agent, "rule-large", 20.01m);

        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal("approved", smallBody.GetProperty("status").GetString());
        Assert.StartsWith("rule ", smallBody.GetProperty("decidedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, large.StatusCode);
        Assert.Equal("pending", largeBody.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ARepeatedIdempotencyKey_ReturnsTheOriginal_OrConflictsWithOtherArguments()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        var (_, first) = await RequestAsync(agent, "repeat-1", 30);

        var (same, again) = await RequestAsync(agent, "repeat-1", 30);
        var (changed, _) = await RequestAsync(agent, "repeat-1", 31);

        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(first.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
    }

    [Fact]
    public async Task AnAgentKey_CannotSeeAnotherAgentsApproval()
    {
        using var support = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var billing = await app.ClientFor(ApiKeyRole.Agent, "billing");
        var id = (await RequestAsync(support, "private-1", 5)).Body.GetProperty("id").GetString();

        var (response, _) = await HttpJson.GetAsync(billing, $"/api/v1/approvals/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    internal static Task<(HttpResponseMessage Response, JsonElement Body)> RequestAsync(HttpClient client, string key, decimal amount) =>
        HttpJson.PostAsync(client, "/api/v1/approvals",
            $$"""{"agentId":"support","tool":"issue_refund","arguments":{"orderId":"o-1","amount":{{amount}},"currency":"USD"},"idempotencyKey":"{{key}}","controlEpoch":3,"amount":{{amount}},"currency":"USD"}""");
}
