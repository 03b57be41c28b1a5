using System.Net;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

public sealed class ControlStreamTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task TheStream_SendsTheSnapshotOnConnect_AndEachNewEpochAfterAChange()
    {
        using var client = app.Operator();
        await using var stream = await SseStream.OpenAsync(client, "/api/v1/control/stream?agent=support");

        var first = await stream.NextAsync();
        await HttpJson.PostAsync(client, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","mode":"approval","reason":"review refunds"}""");
        var pushed = await stream.NextAsync("snapshot");

        Assert.Equal("snapshot", first.Event);
        Assert.Equal(first.Data.GetProperty("epoch").GetInt64() + 1, pushed.Data.GetProperty("epoch").GetInt64());
        Assert.Equal(pushed.Data.GetProperty("epoch").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), pushed.Id);
        Assert.Equal("approval", pushed.Data.GetProperty("snapshot").GetProperty("settings")[0].GetProperty("mode").GetString());
        Assert.Equal("support", pushed.Data.GetProperty("agents")[0].GetProperty("id").GetString());
        Assert.Equal(5000, pushed.Data.GetProperty("leaseTtlMs").GetInt64());
    }

    [Fact]
    public async Task AReconnect_WithTheCurrentEpochAsLastEventId_GetsNoDuplicateSnapshot()
    {
        using var client = app.Operator();
        string epoch;
        await using (var stream = await SseStream.OpenAsync(client, "/api/v1/control/stream?agent=support"))
        {
            epoch = (await stream.NextAsync("snapshot")).Id!;
        }

        await using var resumed = await SseStream.OpenAsync(client, "/api/v1/control/stream?agent=support", lastEventId: epoch);
        var first = await resumed.NextAsync();
        await using var stale = await SseStream.OpenAsync(client, "/api/v1/control/stream?agent=support", lastEventId: "999999");
        var staleFirst = await stale.NextAsync();

        Assert.Equal("heartbeat", first.Event);
        Assert.Equal(epoch, first.Id);
        Assert.Equal("snapshot", staleFirst.Event);
    }

    [Fact]
    public async Task AnAcknowledgingPoint_IsListedAsConfirmed_InTheChangeResponse()
    {
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=acking-1&host=web-1&version=1.0.0");
        await stream.NextAsync("snapshot");
        var acking = Task.Run(async () =>
        {
            var pushed = await stream.NextAsync("snapshot");
            await HttpJson.PostAsync(agent, "/api/v1/control/ack", $$"""{"pointId":"acking-1","epoch":{{pushed.Id}}}""");
        }, TestContext.Current.CancellationToken);

        var (response, body) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=5000",
            """{"target":"tools","agentId":"support","tools":["send_email"],"mode":"shadow","reason":"mail storm"}""");
        await acking;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var mine = body.GetProperty("confirmations").EnumerateArray().Single(c => c.GetProperty("pointId").GetString() == "acking-1");
        Assert.True(mine.GetProperty("confirmed").GetBoolean());
        Assert.Equal(body.GetProperty("epoch").GetInt64(), mine.GetProperty("appliedEpoch").GetInt64());
        Assert.Equal("web-1", mine.GetProperty("host").GetString());
        Assert.True(mine.GetProperty("latencyMs").GetDouble() >= 0);
        Assert.True(body.GetProperty("confirmed").GetInt32() >= 1);
    }

    [Fact]
    public async Task ASilentPoint_IsListedAsUnconfirmed_AfterTheWait()
    {
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=silent-1");
        await stream.NextAsync("snapshot");

        var (_, body) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=200",
            """{"target":"tools","agentId":"support","tools":["lookup_order"],"mode":"approval","reason":"check reads"}""");

        var mine = body.GetProperty("confirmations").EnumerateArray().Single(c => c.GetProperty("pointId").GetString() == "silent-1");
        Assert.False(mine.GetProperty("confirmed").GetBoolean());
        Assert.True(body.GetProperty("unconfirmed").GetInt32() >= 1);
    }

    [Fact]
    public async Task EnforcementPoints_AreListedWithTheirLeaseState()
    {
        using var operatorClient = app.Operator();
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=listed-1&host=web-2&version=2.0.0");
        var snapshot = await stream.NextAsync("snapshot");
        await HttpJson.PostAsync(agent, "/api/v1/control/ack", $$"""{"pointId":"listed-1","epoch":{{snapshot.Id}}}""");

        var (_, points) = await HttpJson.GetAsync(operatorClient, "/api/v1/enforcement-points");

        var mine = points.EnumerateArray().Single(p => p.GetProperty("pointId").GetString() == "listed-1");
        Assert.Equal("support", mine.GetProperty("agentId").GetString());
        Assert.True(mine.GetProperty("connected").GetBoolean());
        Assert.Equal("fresh", mine.GetProperty("leaseState").GetString());
        Assert.Equal(long.Parse(snapshot.Id!, System.Globalization.CultureInfo.InvariantCulture), mine.GetProperty("appliedEpoch").GetInt64());
    }

    [Fact]
    public async Task AnAgentKey_MayStreamOnlyItsOwnAgent_AndAckOnlyItsOwnPoints()
    {
        using var support = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var billing = await app.ClientFor(ApiKeyRole.Agent, "billing");
        await using var stream = await SseStream.OpenAsync(support, "/api/v1/control/stream?pointId=owned-1");
        await stream.NextAsync("snapshot");

        using var other = await support.GetAsync(new Uri("/api/v1/control/stream?agent=billing", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var (foreignAck, _) = await HttpJson.PostAsync(billing, "/api/v1/control/ack", """{"pointId":"owned-1","epoch":0}""");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignAck.StatusCode);
    }
}
