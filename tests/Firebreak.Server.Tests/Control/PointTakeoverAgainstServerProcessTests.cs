using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Firebreak.Auth;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Control;

/// <summary>
/// The takeover of an enforcement point, tried against the real server process: the agent's own point streams with its
/// key, and every other key (another key of the same agent, another agent's key, a viewer, an operator) tries to claim
/// its point id. None may, and a kill still waits for the real point.
/// </summary>
public sealed class PointTakeoverAgainstServerProcessTests : IDisposable
{
    private const string OperatorKey = "fbk_point_identity_operator";
    private const string PointId = "support-guard-7f3a";

    private readonly TempDirectory _directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ASecondKey_CannotTakeOverAConnectedPoint_AndTheKillStillWaitsForTheRealOne()
    {
        await using var server = await ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:RegistryFile"] = RepositoryPaths.SampleRegistry,
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
            },
            Ct);
        using var operatorClient = server.Client(OperatorKey);
        await RegisterBillingAsync(operatorClient);
        using var real = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Agent, "support"));
        using var sameAgent = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Agent, "support"));
        using var otherAgent = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Agent, "billing"));
        using var viewer = server.Client(await CreateKeyAsync(operatorClient, ApiKeyRole.Viewer, null));
        await using var stream = await SseStream.OpenAsync(real, $"/api/v1/control/stream?pointId={PointId}&agent=support&host=real-host&version=1.0.0");
        var initial = await stream.NextAsync("snapshot");
        await HttpJson.PostAsync(real, "/api/v1/control/ack", $$"""{"pointId":"{{PointId}}","epoch":{{initial.Id}}}""");

        foreach (var (who, attacker) in new[] { ("same agent", sameAgent), ("other agent", otherAgent), ("viewer", viewer), ("operator", operatorClient) })
        {
            using var takeover = await attacker.GetAsync(
                new Uri($"/api/v1/control/stream?pointId={PointId}&host=attacker-host", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, Ct);
            Assert.True(takeover.StatusCode == HttpStatusCode.Forbidden, $"{who}: the takeover answered {(int)takeover.StatusCode}");
            Assert.Equal("application/problem+json", takeover.Content.Headers.ContentType?.MediaType);
        }

        var (_, silentKill) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=500",
            """{"target":"agent","agentId":"support","mode":"killed","reason":"takeover drill: the point stays silent"}""");
        await stream.NextAsync("snapshot");
        var acking = Task.Run(async () =>
        {
            var pushed = await stream.NextAsync("snapshot");
            await HttpJson.PostAsync(real, "/api/v1/control/ack", $$"""{"pointId":"{{PointId}}","epoch":{{pushed.Id}}}""");
        }, Ct);
        var (_, obeyedKill) = await HttpJson.PostAsync(operatorClient, "/api/v1/control/changes?wait=10000",
            """{"target":"agent","agentId":"support","mode":"killed","reason":"takeover drill: the point obeys"}""");
        await acking;

        var unconfirmed = Assert.Single(silentKill.GetProperty("confirmations").EnumerateArray());
        Assert.Equal(PointId, unconfirmed.GetProperty("pointId").GetString());
        Assert.Equal("real-host", unconfirmed.GetProperty("host").GetString());
        Assert.False(unconfirmed.GetProperty("confirmed").GetBoolean());
        Assert.Equal(1, silentKill.GetProperty("unconfirmed").GetInt32());
        var confirmed = Assert.Single(obeyedKill.GetProperty("confirmations").EnumerateArray());
        Assert.Equal(PointId, confirmed.GetProperty("pointId").GetString());
        Assert.True(confirmed.GetProperty("confirmed").GetBoolean());
        Assert.Equal(obeyedKill.GetProperty("epoch").GetInt64(), confirmed.GetProperty("appliedEpoch").GetInt64());
    }

    /// <summary>Registers <c>billing</c> as a copy of the sample <c>support</c> agent, so another agent's key exists.</summary>
    private static async Task RegisterBillingAsync(HttpClient operatorClient)
    {
        var definition = JsonNode.Parse((await HttpJson.GetAsync(operatorClient, "/api/v1/agents/support")).Body.GetRawText())!;
        definition["id"] = "billing";
        var (response, body) = await HttpJson.SendAsync(operatorClient, "PUT", "/api/v1/agents/billing", definition.ToJsonString());
        Assert.True(response.IsSuccessStatusCode, $"Registering billing answered {(int)response.StatusCode}: {body}");
    }

    private static async Task<string> CreateKeyAsync(HttpClient operatorClient, ApiKeyRole role, string? agentId)
    {
        using var response = await operatorClient.PostAsJsonAsync(
            new Uri("/api/v1/keys", UriKind.Relative), new CreateApiKeyRequest($"takeover-{role}-{agentId}", role, agentId), FirebreakJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, Ct))!.Key;
    }
}
