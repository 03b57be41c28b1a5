using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Tests.Infrastructure;

namespace Firebreak.Server.Tests.Registry;

/// <summary>
/// Upstream <c>env</c> values are write-only, tried from the attacker's side against the real server process: a viewer key
/// reads every agent response and an agent key reads its control stream, and neither finds the secret; an operator's
/// read-modify-write round trip keeps it. Each backend subclasses this once.
/// </summary>
public abstract class RegistrySecretsContract
{
    private const string OperatorKey = "fbk_registry_secrets_operator";
    private const string Secret = "sk-live-4f1b9c0d2e";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected abstract Task<Dictionary<string, string>> StorageSettingsAsync();

    /// <summary>The agent's definition as the store holds it, read from the database itself.</summary>
    private protected abstract Task<string> StoredDefinitionAsync(string agentId);

    [Fact]
    public async Task AViewerKey_NeverSeesAnUpstreamSecret_OnlyWhichKeysAreSet()
    {
        await using var server = await StartAsync();
        var put = await PutAsync(server, Agent("secretive", Secret));
        using var viewer = server.Client(await CreateKeyAsync(server, new CreateApiKeyRequest("viewer", ApiKeyRole.Viewer)));

        var list = await viewer.GetStringAsync(new Uri("/api/v1/agents", UriKind.Relative), Ct);
        var one = await viewer.GetStringAsync(new Uri("/api/v1/agents/secretive", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        foreach (var body in new[] { put.Body, list, one })
        {
            Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        }

        var shown = JsonSerializer.Deserialize<AgentDefinition>(one, FirebreakJson.Options)!;
        Assert.Equal(new Dictionary<string, string> { ["API_TOKEN"] = RegistrySecrets.Redacted, ["REGION"] = RegistrySecrets.Redacted }, shown.Mcp!.Upstreams[0].Env);
    }

    [Fact]
    public async Task AnAgentKey_ReadingItsControlStream_NeverSeesAnUpstreamSecret_NorAViewerReadingEveryAgents()
    {
        await using var server = await StartAsync();
        await PutAsync(server, Agent("streamed", Secret));
        using var agent = server.Client(await CreateKeyAsync(server, new CreateApiKeyRequest("streamed-agent", ApiKeyRole.Agent, "streamed")));
        using var viewer = server.Client(await CreateKeyAsync(server, new CreateApiKeyRequest("viewer", ApiKeyRole.Viewer)));

        foreach (var (client, path) in new[] { (agent, "/api/v1/control/stream?agent=streamed"), (viewer, "/api/v1/control/stream") })
        {
            await using var stream = await SseStream.OpenAsync(client, path);
            var snapshot = await stream.NextAsync("snapshot");
            var text = snapshot.Data.GetRawText();

            Assert.Contains("streamed", text, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("API_TOKEN", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AReadModifyWriteRoundTrip_SendingTheRedactionMarkerBack_KeepsTheStoredSecret()
    {
        await using var server = await StartAsync();
        await PutAsync(server, Agent("round-trip", Secret));
        using var operatorClient = server.Client(OperatorKey);
        var read = (await operatorClient.GetFromJsonAsync<AgentDefinition>(new Uri("/api/v1/agents/round-trip", UriKind.Relative), FirebreakJson.Options, Ct))!;
        var upstream = read.Mcp!.Upstreams[0];

        var edited = await PutAsync(server, read with { Description = "edited after reading" });
        var newKeyAsMarker = await PutAsync(server, read with { Mcp = read.Mcp with { Upstreams = [upstream with { Env = new Dictionary<string, string>(upstream.Env!) { ["NEW_KEY"] = RegistrySecrets.Redacted } }] } });
        var movedProgram = await PutAsync(server, read with { Mcp = read.Mcp with { Upstreams = [upstream with { Args = ["other-server.js"] }] } });

        Assert.Equal(HttpStatusCode.OK, edited.Status);
        Assert.Equal(HttpStatusCode.BadRequest, newKeyAsMarker.Status);
        Assert.Contains("mcp.upstreams[0].env.NEW_KEY", Errors(newKeyAsMarker.Body));
        Assert.Equal(HttpStatusCode.BadRequest, movedProgram.Status);
        Assert.Equal(["mcp.upstreams[0].env.API_TOKEN", "mcp.upstreams[0].env.REGION"], Errors(movedProgram.Body).Order(StringComparer.Ordinal));
        var stored = JsonSerializer.Deserialize<AgentDefinition>(await StoredDefinitionAsync("round-trip"), FirebreakJson.Options)!;
        Assert.Equal("edited after reading", stored.Description);
        Assert.Equal(new Dictionary<string, string> { ["API_TOKEN"] = Secret, ["REGION"] = "eu-west-1" }, stored.Mcp!.Upstreams[0].Env);
    }

    private static AgentDefinition Agent(string id, string secret) =>
        new(id, "registry-tests", null, [new ToolDefinition("lookup", RiskClass.Read)], Mcp: new McpGatewayDefinition(
            [new McpUpstreamDefinition("tickets", "node", ["tickets-server.js"], new Dictionary<string, string> { ["API_TOKEN"] = secret, ["REGION"] = "eu-west-1" })]));

    private static List<string> Errors(string problem) =>
        JsonDocument.Parse(problem).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();

    private async Task<ServiceProcess> StartAsync()
    {
        var settings = await StorageSettingsAsync();
        settings["Firebreak:BootstrapOperatorKey"] = OperatorKey;
        settings["Firebreak:Mcp:AllowedCommands:0"] = "node";
        return await ServiceProcess.StartServerAsync(settings, Ct);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAsync(ServiceProcess server, AgentDefinition agent)
    {
        using var client = server.Client(OperatorKey);
        using var content = new StringContent(JsonSerializer.Serialize(agent, FirebreakJson.Options), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/api/v1/agents/{agent.Id}", UriKind.Relative), content, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> CreateKeyAsync(ServiceProcess server, CreateApiKeyRequest request)
    {
        using var client = server.Client(OperatorKey);
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/keys", UriKind.Relative), request, FirebreakJson.Options, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, Ct))!.Key;
    }
}
