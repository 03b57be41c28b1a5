using System.Net;
using Firebreak.Auth;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

public sealed class HeldTests(FirebreakApp app) : IClassFixture<FirebreakApp>
{
    [Fact]
    public async Task AReleasedItem_IsRedeliveredOnTheAgentsStream_AndDeliveredOnce()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var operatorClient = app.Operator();
        var incident = await HttpJson.DeclareIncidentAsync(operatorClient);
        await using var stream = await SseStream.OpenAsync(agent, "/api/v1/control/stream?pointId=held-point");
        await stream.NextAsync("snapshot");
        var (held, item) = await HttpJson.PostAsync(agent, "/api/v1/held", """{"agentId":"support","input":{"ticket":"T-9"},"reason":"agent paused","correlationId":"c-9"}""");
        var id = item.GetProperty("id").GetString();

        var (_, listed) = await HttpJson.GetAsync(operatorClient, "/api/v1/held?status=held&agent=support");
        var (released, _) = await HttpJson.PostAsync(operatorClient, $"/api/v1/held/{id}/release", $$"""{"reason":"false alarm","incidentId":"{{incident}}"}""");
        var redelivered = await stream.NextAsync("redeliver");
        var (delivered, deliveredBody) = await HttpJson.PostAsync(agent, $"/api/v1/held/{id}/delivered", """{"pointId":"held-point"}""");
        var (twice, _) = await HttpJson.PostAsync(agent, $"/api/v1/held/{id}/delivered", """{"pointId":"other-point"}""");

        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Equal("held", item.GetProperty("status").GetString());
        Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, released.StatusCode);
        Assert.Equal(id, redelivered.Data.GetProperty("id").GetString());
        Assert.Equal("T-9", redelivered.Data.GetProperty("input").GetProperty("ticket").GetString());
        Assert.Equal(incident, redelivered.Data.GetProperty("incidentId").GetString());
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal("delivered", deliveredBody.GetProperty("status").GetString());
        Assert.Equal("held-point", deliveredBody.GetProperty("deliveredTo").GetString());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task ADiscardedItem_CannotBeReleasedOrDelivered()
    {
        using var agent = await app.ClientFor(ApiKeyRole.Agent, "support");
        using var operatorClient = app.Operator();
        var id = (await HttpJson.PostAsync(agent, "/api/v1/held", """{"agentId":"support","input":"hello","reason":"agent paused"}""")).Body.GetProperty("id").GetString();

        var (discarded, body) = await HttpJson.PostAsync(operatorClient, $"/api/v1/held/{id}/discard", """{"reason":"spam"}""");
        var (release, _) = await HttpJson.PostAsync(operatorClient, $"/api/v1/held/{id}/release", "{}");
        var (delivered, _) = await HttpJson.PostAsync(agent, $"/api/v1/held/{id}/delivered", """{"pointId":"held-point"}""");

        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Equal("discarded", body.GetProperty("status").GetString());
        Assert.Equal("bootstrap", body.GetProperty("decidedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, release.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delivered.StatusCode);
    }

    [Fact]
    public async Task AnAgentKey_CannotHoldForAnotherAgent()
    {
        using var billing = await app.ClientFor(ApiKeyRole.Agent, "billing");

        var (response, _) = await HttpJson.PostAsync(billing, "/api/v1/held", """{"agentId":"support","input":{},"reason":"r"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
