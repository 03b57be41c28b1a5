using System.Net;
using System.Text.Json.Nodes;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

/// <summary>
/// An enforcement point belongs to the key that registered it: tried from the attacker's side, with other agent keys,
/// viewer keys and operator keys, over real HTTP and real server-sent event streams.
/// </summary>
public sealed class PointIdentityTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASecondKey_CannotTakeOverAConnectedPoint_AndItsAcksStillCount()
    {
        using var operatorClient = app.Operator();
        await RegisterBillingAsync(operatorClient);
        using var owner = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var sameAgent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var otherAgent = await app.ClientFor(ApiKeyRole.Agent, "billing");
        await using var stream = await SseStream.OpenAsync(owner, "/api/v1/control/stream?pointId=taken-1&host=real-host");
        await stream.NextAsync("snapshot");

        foreach (var attacker in new[] { sameAgent, otherAgent, operatorClient })
        {
            using var takeover = await OpenAsync(attacker, "/api/v1/control/stream?pointId=taken-1&host=attacker-host");
            Assert.Equal(HttpStatusCode.Forbidden, takeover.StatusCode);
            Assert.Equal("application/problem+json", takeover.Content.Headers.ContentType?.MediaType);
            Assert.Contains("belongs to another key", await takeover.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        var acking = Task.Run(async () =>
        {
            var pushed = await stream.NextAsync("snapshot");
            return (await HttpJson.PostAsync(owner, "/api/v1/control/ack", $$"""{"pointId":"taken-1","epoch":{{pushed.Id}}}""")).Response.StatusCode;
        }, Ct);
        var (_, change) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=5000",
            """{"target":"tools","agentId":"support","tools":["send_email"],"mode":"shadow","reason":"mail storm"}""");

        Assert.Equal(HttpStatusCode.NoContent, await acking);
        var mine = change.GetProperty("confirmations").EnumerateArray().Single(c => c.GetProperty("pointId").GetString() == "taken-1");
        Assert.True(mine.GetProperty("confirmed").GetBoolean());
        Assert.Equal("real-host", mine.GetProperty("host").GetString());
    }

    [Fact]
    public async Task AnotherKey_CannotAcknowledgeForAPoint_EvenAKeyOfTheSameAgentOrAnOperator()
    {
        using var operatorClient = app.Operator();
        using var owner = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var sameAgent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await SseStream.OpenAsync(owner, "/api/v1/control/stream?pointId=acked-by-owner-only");
        await stream.NextAsync("snapshot");

        // The change is never swapped in by the point: a forged ack would report it confirmed.
        var (_, change) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=0",
            """{"target":"tools","agentId":"support","tools":["lookup_order"],"mode":"approval","reason":"check reads"}""");
        var epoch = change.GetProperty("epoch").GetInt64();
        var (forgedByAgent, _) = await HttpJson.PostAsync(sameAgent, "/api/v1/control/ack", $$"""{"pointId":"acked-by-owner-only","epoch":{{epoch}}}""");
        var (forgedByOperator, _) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/ack", $$"""{"pointId":"acked-by-owner-only","epoch":{{epoch}}}""");
        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        Assert.Equal(HttpStatusCode.Forbidden, forgedByAgent.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forgedByOperator.StatusCode);
        var point = points.EnumerateArray().Single(p => p.GetProperty("pointId").GetString() == "acked-by-owner-only");
        Assert.True(point.GetProperty("appliedEpoch").GetInt64() < epoch);
    }

    [Fact]
    public async Task AViewerKeysStream_IsNotCountedAsAPoint()
    {
        using var operatorClient = app.Operator();
        using var viewer = await app.ClientFor(ApiKeyRole.Viewer);

        using var registering = await OpenAsync(viewer, "/api/v1/control/stream?pointId=viewer-point");
        await using var watching = await SseStream.OpenAsync(viewer, "/api/v1/control/stream");
        var snapshot = await watching.NextAsync("snapshot");
        var (_, change) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=200",
            """{"target":"tools","agentId":"support","tools":["lookup_order"],"mode":"approval","reason":"review reads"}""");
        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        Assert.Equal(HttpStatusCode.Forbidden, registering.StatusCode);
        Assert.Contains("never an enforcement point", await registering.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("snapshot", snapshot.Event);
        Assert.DoesNotContain(points.EnumerateArray(), p => p.GetProperty("pointId").GetString() == "viewer-point");
        Assert.DoesNotContain(change.GetProperty("confirmations").EnumerateArray(), c => c.GetProperty("pointId").GetString() == "viewer-point");
    }

    [Fact]
    public async Task AnAgentKey_CannotRegisterAPointWithoutAnAgent_OnlyOneOfItsOwnAgent()
    {
        using var operatorClient = app.Operator();
        await RegisterBillingAsync(operatorClient);
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "billing");

        await using var own = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=billing-default");
        await own.NextAsync("snapshot");
        using var foreign = await OpenAsync(agent, "/api/v1/control/stream?pointId=billing-as-support&agent=support");
        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal("billing", points.EnumerateArray().Single(p => p.GetProperty("pointId").GetString() == "billing-default").GetProperty("agentId").GetString());
        Assert.DoesNotContain(points.EnumerateArray(), p => p.GetProperty("pointId").GetString() == "billing-as-support");
    }

    [Fact]
    public async Task AnOperatorKey_MayRegisterAPointForEveryAgent()
    {
        using var operatorClient = app.Operator();
        await using var stream = await SseStream.OpenAsync(operatorClient, "/api/v1/control/stream?pointId=operator-everywhere");
        await stream.NextAsync("snapshot");

        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        var point = points.EnumerateArray().Single(p => p.GetProperty("pointId").GetString() == "operator-everywhere");
        Assert.False(point.TryGetProperty("agentId", out _));
    }

    [Fact]
    public async Task TheOwnerReconnecting_ResumesItsPoint()
    {
        using var operatorClient = app.Operator();
        using var owner = await app.ClientFor(ApiKeyRole.Agent, "support");
        string epoch;
        await using (var first = await SseStream.OpenAsync(owner, "/api/v1/control/stream?pointId=reconnecting-1&host=host-a"))
        {
            epoch = (await first.NextAsync("snapshot")).Id!;
        }

        await using var second = await SseStream.OpenAsync(owner, "/api/v1/control/stream?pointId=reconnecting-1&host=host-b", lastEventId: epoch);
        await second.NextAsync();
        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        var point = points.EnumerateArray().Single(p => p.GetProperty("pointId").GetString() == "reconnecting-1");
        Assert.Equal("host-b", point.GetProperty("host").GetString());
        Assert.True(point.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task AKey_CannotSquatTheIdOfTheServersMcpGateway()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");

        using var squat = await OpenAsync(agent, $"/api/v1/control/stream?pointId=mcp-gateway-support@{System.Net.Dns.GetHostName()}");

        Assert.Equal(HttpStatusCode.Forbidden, squat.StatusCode);
        Assert.Contains("MCP gateways", await squat.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenEveryPointIsConnectedAndTheTableIsFull_ANewPointGets503WithRetryAfter()
    {
        await using var small = new FirebreakApp();
        using var node = small.WithWebHostBuilder(b => b.UseSetting("Firebreak:Control:MaxPoints", "1"));
        using var agent = node.CreateClient();
        agent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", FirebreakApp.OperatorKey);
        await using var first = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=only-1&agent=support");
        await first.NextAsync("snapshot");

        using var refused = await OpenAsync(agent, "/api/v1/control/stream?pointId=only-2&agent=support");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
    }

    /// <summary>Registers <c>billing</c> as a copy of the sample <c>support</c> agent, so a second agent's key exists.</summary>
    private static async Task RegisterBillingAsync(HttpClient operatorClient)
    {
        var definition = JsonNode.Parse((await HttpJson.GetAsync(operatorClient, "/api/v1/agents/support")).Body.GetRawText())!;
        definition["id"] = "billing";
        var (response, body) = await HttpJson.SendAsync(operatorClient, "PUT", "/api/v1/agents/billing", definition.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, $"Registering billing answered {(int)response.StatusCode}: {body}");
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, string path) =>
        client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
}
