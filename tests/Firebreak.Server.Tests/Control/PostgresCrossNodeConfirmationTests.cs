using System.Net;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Server.Auth;
using Firebreak.Server.Detection;
using Firebreak.Server.Registry;
using Firebreak.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Control;

/// <summary>
/// Two Firebreak nodes on one PostgreSQL database: a change made through either waits for, and reports, the enforcement
/// points connected to both; acknowledgements, point ownership, key revocations and alerts hold across them.
/// </summary>
public sealed class PostgresCrossNodeConfirmationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const string Kill = """{"target":"agent","agentId":"support","mode":"killed","reason":"runaway refunds"}""";

    private FirebreakApp? _first;
    private FirebreakApp? _second;
    private string? _database;

    private FirebreakApp First => _first ?? throw new InvalidOperationException("Not initialized.");

    private FirebreakApp Second => _second ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _database = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        _first = new FirebreakApp { PostgresConnectionString = _database };
        _second = new FirebreakApp { PostgresConnectionString = _database };
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
    public async Task AChangeThroughOneNode_ListsTheConfirmationOfAPointConnectedToTheOther()
    {
        using var first = First.Operator();
        using var agent = await Second.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await ConnectAsync(agent, "support-on-second");

        var change = HttpJson.PostAsync(first, "/api/v1/control/changes?wait=20000", Kill);
        var pushed = await stream.NextAsync("snapshot");
        await AckAsync(agent, "support-on-second", pushed);
        var (response, result) = await change;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var confirmation = Assert.Single(result.GetProperty("confirmations").EnumerateArray());
        Assert.Equal("support-on-second", confirmation.GetProperty("pointId").GetString());
        Assert.True(confirmation.GetProperty("confirmed").GetBoolean());
        Assert.Equal(result.GetProperty("epoch").GetInt64(), confirmation.GetProperty("appliedEpoch").GetInt64());
        Assert.Equal(1, result.GetProperty("confirmed").GetInt32());
    }

    [Fact]
    public async Task APointOnTheOtherNodeThatDoesNotAcknowledge_IsReportedUnconfirmed()
    {
        using var first = First.Operator();
        using var agent = await Second.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await ConnectAsync(agent, "support-silent");

        var (_, result) = await HttpJson.PostAsync(first, "/api/v1/control/changes?wait=500", Kill);

        var confirmation = Assert.Single(result.GetProperty("confirmations").EnumerateArray());
        Assert.Equal("support-silent", confirmation.GetProperty("pointId").GetString());
        Assert.False(confirmation.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1, result.GetProperty("unconfirmed").GetInt32());
    }

    [Fact]
    public async Task AnAcknowledgementSentToOneNode_ForAPointOnTheOther_Counts()
    {
        using var first = First.Operator();
        using var agentOnSecond = await Second.ClientFor(ApiKeyRole.Agent, "support");
        var key = agentOnSecond.DefaultRequestHeaders.Authorization!.Parameter!;
        using var agentOnFirst = First.WithKey(key);
        await using var stream = await ConnectAsync(agentOnSecond, "support-roaming-ack");

        var change = HttpJson.PostAsync(first, "/api/v1/control/changes?wait=20000", Kill);
        var pushed = await stream.NextAsync("snapshot");
        await AckAsync(agentOnFirst, "support-roaming-ack", pushed);
        var (_, result) = await change;

        Assert.True(Assert.Single(result.GetProperty("confirmations").EnumerateArray()).GetProperty("confirmed").GetBoolean());
    }

    [Fact]
    public async Task ABurstOfAcknowledgementsOnBothNodes_ConfirmsEveryPoint_AndRefusesAnIntruderInTheSameBurst()
    {
        const int PointsPerNode = 20;
        using var first = First.Operator();
        using var onFirst = await First.ClientFor(ApiKeyRole.Agent, "support");
        using var onSecond = await Second.ClientFor(ApiKeyRole.Agent, "support");
        using var intruder = await First.ClientFor(ApiKeyRole.Agent, "support");
        var points = Enumerable.Range(0, 2 * PointsPerNode).Select(i => (Client: i % 2 == 0 ? onFirst : onSecond, Id: $"support-burst-{i}")).ToList();
        var streams = new List<SseStream>();
        try
        {
            foreach (var (client, id) in points)
            {
                streams.Add(await ConnectAsync(client, id));
            }

            var change = HttpJson.PostAsync(first, "/api/v1/control/changes?wait=20000", Kill);
            var pushed = await Task.WhenAll(streams.Select(s => s.NextAsync("snapshot")));
            var epoch = pushed[0].Data.GetProperty("epoch").GetInt64();
            var intruding = HttpJson.PostAsync(intruder, "/api/v1/control/ack", $$"""{"pointId":"support-burst-1","epoch":{{epoch}}}""");
            await Task.WhenAll(points.Select((p, i) => AckAsync(p.Client, p.Id, pushed[i])));
            var (refused, _) = await intruding;
            var (response, result) = await change;

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var confirmations = result.GetProperty("confirmations").EnumerateArray().ToList();
            Assert.Equal(points.Select(p => p.Id).Order(StringComparer.Ordinal), confirmations.Select(c => c.GetProperty("pointId").GetString()!));
            Assert.All(confirmations, c => Assert.True(c.GetProperty("confirmed").GetBoolean(), c.GetRawText()));
            Assert.All(confirmations, c => Assert.Equal(epoch, c.GetProperty("appliedEpoch").GetInt64()));
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task TheEnforcementPointTable_OfEitherNode_ShowsThePointsOfBoth_WithTheirNode()
    {
        using var first = First.Operator();
        using var second = Second.Operator();
        await using var onFirst = await ConnectAsync(first, "point-on-first");
        await using var onSecond = await ConnectAsync(second, "point-on-second");

        var (_, listed) = await HttpJson.GetAsync(first, "/api/v1/enforcement-points");
        var (_, listedOnSecond) = await HttpJson.GetAsync(second, "/api/v1/enforcement-points");

        var points = listed.EnumerateArray().ToDictionary(p => p.GetProperty("pointId").GetString()!);
        Assert.Equal(["point-on-first", "point-on-second"], points.Keys);
        Assert.All(points.Values, p => Assert.True(p.GetProperty("connected").GetBoolean()));
        Assert.All(points.Values, p => Assert.Equal("fresh", p.GetProperty("leaseState").GetString()));
        Assert.NotEqual(points["point-on-first"].GetProperty("node").GetString(), points["point-on-second"].GetProperty("node").GetString());
        Assert.Equal(
            points.Values.Select(p => (p.GetProperty("pointId").GetString(), p.GetProperty("node").GetString())),
            listedOnSecond.EnumerateArray().Select(p => (p.GetProperty("pointId").GetString(), p.GetProperty("node").GetString())));
    }

    [Fact]
    public async Task APointIdRegisteredOnOneNode_IsRefusedToAnotherKeyOnTheOther_AndItsAckToo()
    {
        using var owner = await Second.ClientFor(ApiKeyRole.Agent, "support");
        using var intruder = await First.ClientFor(ApiKeyRole.Agent, "support");
        await using var stream = await ConnectAsync(owner, "support-owned");

        var refused = await SseStream.TryOpenAsync(intruder, "/api/v1/control/stream?pointId=support-owned", HttpStatusCode.Forbidden);
        var (ack, _) = await HttpJson.PostAsync(intruder, "/api/v1/control/ack", """{"pointId":"support-owned","epoch":0}""");
        var (gateway, _) = await HttpJson.PostAsync(intruder, "/api/v1/control/ack", """{"pointId":"nobody-has-this","epoch":0}""");

        Assert.Null(refused);
        Assert.Equal(HttpStatusCode.Forbidden, ack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gateway.StatusCode);
    }

    [Fact]
    public async Task MaxPoints_BoundsBothNodesTogether()
    {
        var database = await postgres.Server.CreateDatabaseAsync(cancellationToken: TestContext.Current.CancellationToken);
        var bounded = new Dictionary<string, string> { ["Firebreak:Control:MaxPoints"] = "1" };
        await using var firstNode = new FirebreakApp { PostgresConnectionString = database, Settings = bounded };
        await using var secondNode = new FirebreakApp { PostgresConnectionString = database, Settings = bounded };
        using var first = firstNode.Operator();
        using var second = secondNode.Operator();
        await using var stream = await ConnectAsync(second, "the-only-point");

        var refused = await SseStream.TryOpenAsync(first, "/api/v1/control/stream?agent=support&pointId=one-too-many", HttpStatusCode.ServiceUnavailable);

        Assert.Null(refused);
    }

    [Fact]
    public async Task APointThatClosedItsStreamOnTheOtherNode_IsNotWaitedFor()
    {
        using var first = First.Operator();
        using var agent = await Second.ClientFor(ApiKeyRole.Agent, "support");
        var stream = await ConnectAsync(agent, "support-gone");
        await stream.DisposeAsync();
        await WaitUntilAsync(first, points => points.Any(p => p.GetProperty("pointId").GetString() == "support-gone" && !p.GetProperty("connected").GetBoolean()));

        var (_, result) = await HttpJson.PostAsync(first, "/api/v1/control/changes?wait=20000", Kill);

        Assert.Empty(result.GetProperty("confirmations").EnumerateArray());
    }

    [Fact]
    public async Task AKeyRevokedThroughOneNode_IsRefusedByTheOther()
    {
        using var first = First.Operator();
        var created = await Second.Services.GetRequiredService<ApiKeyStore>()
            .CreateAsync(new CreateApiKeyRequest("revoked-elsewhere", ApiKeyRole.Viewer, null), TestContext.Current.CancellationToken);
        using var viewer = Second.WithKey(created.Key);
        var (before, _) = await HttpJson.GetAsync(viewer, "/api/v1/enforcement-points");

        var (revoked, _) = await HttpJson.SendAsync(first, "DELETE", $"/api/v1/keys/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True(revoked.IsSuccessStatusCode);

        // The second node cached the key for ApiKeyStore.CacheFor; the revocation's notification must drop it well before.
        using var deadline = new CancellationTokenSource(ApiKeyStore.CacheFor / 2);
        while (true)
        {
            var (after, _) = await HttpJson.GetAsync(viewer, "/api/v1/enforcement-points");
            if (after.StatusCode == HttpStatusCode.Unauthorized)
            {
                break;
            }

            Assert.False(deadline.IsCancellationRequested, "The other node still accepts the revoked key.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task ANodeStartingWithAChangedRegistryFile_ChangesTheDefinitionTheOtherNodesServe()
    {
        using var second = Second.Operator();
        await using var stream = await ConnectAsync(second, "support-cached");
        var (_, cached) = await HttpJson.GetAsync(second, "/api/v1/agents/support");
        Assert.Equal("read", ToolRisk(cached, "lookup_order"));
        using var directory = new TempDirectory();
        var registry = System.Text.Json.Nodes.JsonNode.Parse(
            await File.ReadAllTextAsync(RepositoryPaths.SampleRegistry, TestContext.Current.CancellationToken),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var support = registry["agents"]!.AsArray().Single(a => (string?)a!["id"] == "support")!;
        support["tools"]!.AsArray().Single(t => (string?)t!["name"] == "lookup_order")!["risk"] = "financial";
        var file = directory.File("registry.json");
        await File.WriteAllTextAsync(file, registry.ToJsonString(), TestContext.Current.CancellationToken);

        await using var third = new FirebreakApp { PostgresConnectionString = _database, Settings = new Dictionary<string, string> { ["Firebreak:RegistryFile"] = file } };
        using var started = third.Operator();
        var pushed = await stream.NextAsync("snapshot");

        Assert.Equal("financial", ToolRisk(pushed.Data.GetProperty("agents")[0], "lookup_order"));
        var (_, served) = await HttpJson.GetAsync(second, "/api/v1/agents/support");
        Assert.Equal("financial", ToolRisk(served, "lookup_order"));
        var (_, history) = await HttpJson.GetAsync(second, "/api/v1/control/changes?agent=support");
        Assert.Equal("support", history[0].GetProperty("change").GetProperty("registry").GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task APlaybook_AppliesThroughOneNode_ToAnAlertRaisedOnTheOther()
    {
        using var first = First.Operator();
        var support = await Second.Services.GetRequiredService<RegistryStore>().GetAsync("support", TestContext.Current.CancellationToken);
        var detector = support!.Detectors![0];
        var (alert, _) = await Second.Services.GetRequiredService<AlertStore>().RecordAsync(
            new Firebreak.Detection.DetectorFinding(detector, "support", "support", "48 refunds in 60 s", ["run-1"], [1], 1, DateTimeOffset.UtcNow),
            TestContext.Current.CancellationToken);

        var (response, execution) = await HttpJson.PostAsync(
            first, "/api/v1/playbooks/apply", $$"""{"agentId":"support","playbook":"refund-storm","alertId":"{{alert.Id}}","dryRun":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(alert.Id, execution.GetProperty("alertId").GetString());
    }

    private static string? ToolRisk(JsonElement agent, string tool) =>
        agent.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == tool).GetProperty("risk").GetString();

    private static async Task<SseStream> ConnectAsync(HttpClient client, string pointId)
    {
        var stream = await SseStream.OpenAsync(client, $"/api/v1/control/stream?agent=support&pointId={pointId}&host=test");
        var initial = await stream.NextAsync("snapshot");
        await AckAsync(client, pointId, initial);
        return stream;
    }

    private static async Task AckAsync(HttpClient client, string pointId, SseEvent snapshot)
    {
        var (response, _) = await HttpJson.PostAsync(client, "/api/v1/control/ack", $$"""{"pointId":"{{pointId}}","epoch":{{snapshot.Data.GetProperty("epoch").GetInt64()}}}""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static async Task WaitUntilAsync(HttpClient client, Func<JsonElement[], bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (_, listed) = await HttpJson.GetAsync(client, "/api/v1/enforcement-points");
            if (condition([.. listed.EnumerateArray()]))
            {
                return;
            }

            await Task.Delay(20, deadline.Token);
        }
    }
}
