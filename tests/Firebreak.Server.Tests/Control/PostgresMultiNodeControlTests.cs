using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

/// <summary>Two Firebreak nodes on one PostgreSQL database: a change made on one reaches streams on the other.</summary>
public sealed class PostgresMultiNodeControlTests(PostgresFixture postgres) : IAsyncLifetime
{
    private FirebreakApp? _first;
    private FirebreakApp? _second;

    private FirebreakApp First => _first ?? throw new InvalidOperationException("Not initialized.");

    private FirebreakApp Second => _second ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        var database = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        _first = new FirebreakApp { PostgresConnectionString = database };
        _second = new FirebreakApp { PostgresConnectionString = database };
    }

    public async ValueTask DisposeAsync()
    {
        if (_first is not null)
        {
            await _first.DisposeAsync();
        }

        if (_second is not null)
        {
            await _second.DisposeAsync();
        }
    }

    [Fact]
    public async Task AChangeOnOneNode_IsPushedToStreamsOnTheOther()
    {
        using var first = First.Operator();
        using var second = Second.Operator();
        await using var stream = await SseStream.OpenAsync(second, "/api/v1/control/stream?agent=support");
        var initial = await stream.NextAsync("snapshot");

        var (_, change) = await HttpJson.PostAsync(first, "/api/v1/control/changes?wait=0", """{"target":"agent","agentId":"support","mode":"killed","reason":"runaway refunds"}""");
        var pushed = await stream.NextAsync("snapshot");

        Assert.Equal(initial.Data.GetProperty("epoch").GetInt64() + 1, change.GetProperty("epoch").GetInt64());
        Assert.Equal(change.GetProperty("epoch").GetInt64(), pushed.Data.GetProperty("epoch").GetInt64());
        Assert.Equal("killed", pushed.Data.GetProperty("snapshot").GetProperty("settings")[0].GetProperty("mode").GetString());
    }

    [Fact]
    public async Task ChangesOnBothNodes_TakeDistinctConsecutiveEpochs()
    {
        using var first = First.Operator();
        using var second = Second.Operator();

        var results = await Task.WhenAll(
            HttpJson.PostAsync(first, "/api/v1/control/changes?wait=0", """{"target":"tools","agentId":"support","tools":["send_email"],"mode":"shadow","reason":"a"}"""),
            HttpJson.PostAsync(second, "/api/v1/control/changes?wait=0", """{"target":"tools","agentId":"support","tools":["close_ticket"],"mode":"killed","reason":"b"}"""));

        Assert.Equal([1L, 2], results.Select(r => r.Body.GetProperty("epoch").GetInt64()).Order());
        var (_, history) = await HttpJson.GetAsync(first, "/api/v1/control/changes");
        Assert.Equal([2L, 1], history.EnumerateArray().Select(c => c.GetProperty("epoch").GetInt64()));
    }

    [Fact]
    public async Task ARegistryEditThroughOneNode_IsEnforcedByTheOther_WithoutRestart()
    {
        using var first = First.Operator();
        using var second = Second.Operator();

        // The second node has the definition cached and a point of the agent connected, as in production.
        var (_, cached) = await HttpJson.GetAsync(second, "/api/v1/agents/support");
        await using var stream = await SseStream.OpenAsync(second, "/api/v1/control/stream?agent=support&pointId=support-on-second");
        var initial = await stream.NextAsync("snapshot");
        var edited = RiskOf(cached, "lookup_order", "financial");

        var (response, registration) = await HttpJson.SendAsync(first, "PUT", "/api/v1/agents/support?wait=0", edited.ToJsonString());
        var pushed = await stream.NextAsync("snapshot");
        var (_, served) = await HttpJson.GetAsync(second, "/api/v1/agents/support");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var epoch = registration.GetProperty("control").GetProperty("epoch").GetInt64();
        Assert.Equal(initial.Data.GetProperty("epoch").GetInt64() + 1, epoch);
        Assert.Equal(epoch, pushed.Data.GetProperty("epoch").GetInt64());
        Assert.Equal("financial", ToolRisk(pushed.Data.GetProperty("agents")[0], "lookup_order"));
        Assert.Equal("financial", ToolRisk(served, "lookup_order"));
        var (_, history) = await HttpJson.GetAsync(second, "/api/v1/control/changes?agent=support");
        Assert.Equal("support", history[0].GetProperty("change").GetProperty("registry").GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task AReleaseOnOneNode_IsRedeliveredOnTheOthersStreams()
    {
        using var first = First.Operator();
        using var second = Second.Operator();
        await using var stream = await SseStream.OpenAsync(second, "/api/v1/control/stream?agent=support");
        await stream.NextAsync("snapshot");
        var (_, item) = await HttpJson.PostAsync(first, "/api/v1/held", """{"agentId":"support","input":{"ticket":"T-4"},"reason":"paused"}""");
        var id = item.GetProperty("id").GetString();

        await HttpJson.PostAsync(first, $"/api/v1/held/{id}/release", "{}");
        var redelivered = await stream.NextAsync("redeliver");

        Assert.Equal(id, redelivered.Data.GetProperty("id").GetString());
        Assert.Equal("released", redelivered.Data.GetProperty("status").GetString());
    }

    private static System.Text.Json.Nodes.JsonObject RiskOf(System.Text.Json.JsonElement agent, string tool, string risk)
    {
        var edited = System.Text.Json.Nodes.JsonNode.Parse(agent.GetRawText())!.AsObject();
        foreach (var definition in edited["tools"]!.AsArray())
        {
            if ((string?)definition!["name"] == tool)
            {
                definition["risk"] = risk;
            }
        }

        return edited;
    }

    private static string? ToolRisk(System.Text.Json.JsonElement agent, string tool) =>
        agent.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == tool).GetProperty("risk").GetString();
}
