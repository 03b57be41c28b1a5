using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Mcp.Tests.Infrastructure;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Mcp.Tests;

/// <summary>
/// What a stdio upstream may run and see, tried from the attacker's side against the real server process: configured
/// through its environment as <c>scripts/start.sh</c> does (the operator key and a connection string in it), with the real
/// <c>env-server.mjs</c> upstream reporting the environment it got.
/// </summary>
public sealed class UpstreamSandboxTests : IDisposable
{
    private const string UpstreamSecret = "upstream-token-0f7d1c";

    private readonly TempDirectory _directory = new("firebreak-mcp-tests");
    private readonly string _operatorKey = $"fbk_sandbox_operator_{Guid.NewGuid():N}";
    private readonly string _databasePassword = $"pg-password-{Guid.NewGuid():N}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUpstreamToolThatReadsItsEnvironment_FindsNoFirebreakSetting_OnlyAMinimalEnvironmentAndWhatTheRegistryDeclares()
    {
        await using var server = await StartAsync(allowedCommands: ["node"]);
        await PutAsync(server, "env-reader", EnvServer(new() { ["UPSTREAM_TOKEN"] = UpstreamSecret }));
        await using var client = await server.ConnectAsync("env-reader", await AgentKeyAsync(server, "env-reader"), Ct);

        var environment = JsonSerializer.Deserialize<Dictionary<string, string>>((await client.CallAsync("env", "{}", Ct)).Text())!;
        var environ = JsonSerializer.Deserialize<string[]>((await client.CallAsync("proc_environ", "{}", Ct)).Text())!;

        Assert.Subset(new HashSet<string>(["PATH", "HOME", "LANG", "TMPDIR", "UPSTREAM_TOKEN"], StringComparer.Ordinal), environment.Keys.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(UpstreamSecret, environment["UPSTREAM_TOKEN"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
        Assert.Equal(environment.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal), environ.Order(StringComparer.Ordinal));
        foreach (var entry in environ)
        {
            Assert.DoesNotContain(_operatorKey, entry, StringComparison.Ordinal);
            Assert.DoesNotContain(_databasePassword, entry, StringComparison.Ordinal);
            Assert.False(
                entry.StartsWith("Firebreak", StringComparison.OrdinalIgnoreCase) || entry.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase)
                || entry.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || entry.StartsWith("DOTNET_", StringComparison.Ordinal),
                $"the upstream sees the server's setting {entry.Split('=')[0]}");
        }
    }

    [Fact]
    public async Task AnOperatorKeysApiEdit_CannotRunAShellCommand_AndTheFileItWouldWriteNeverAppears()
    {
        var written = _directory.File("pwned");
        await using var server = await StartAsync(allowedCommands: ["node"]);
        var upstream = EnvServer();
        await PutAsync(server, "shell-target", upstream);
        var shell = new McpUpstreamDefinition("env", "/bin/sh", ["-c", $"touch {written}"]);

        var replaced = await TryPutAsync(server, "shell-target", shell);
        var created = await TryPutAsync(server, "shell-new", shell);

        foreach (var refused in new[] { replaced, created })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Contains("mcp.upstreams[0].command", refused.Body.RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }

        using var operatorClient = server.Client(_operatorKey);
        var stored = await operatorClient.GetFromJsonAsync<AgentDefinition>(new Uri("/api/v1/agents/shell-target", UriKind.Relative), FirebreakJson.Options, Ct);
        Assert.Equal("node", Assert.Single(stored!.Mcp!.Upstreams).Command);
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync(new Uri("/api/v1/agents/shell-new", UriKind.Relative), Ct)).StatusCode);

        // The agent's session starts whatever is stored: the node server, never the shell.
        await using var client = await server.ConnectAsync("shell-target", await AgentKeyAsync(server, "shell-target"), Ct);
        Assert.Contains(await client.ListToolsAsync(cancellationToken: Ct), t => t.Name == "env");
        Assert.False(File.Exists(written), "the refused shell command ran");
    }

    [Fact]
    public async Task AViewerListingMcpTools_StartsNoUpstreamProcess_OnlyTheAgentsSessionDoes()
    {
        var started = _directory.File("started");
        await using var server = await StartAsync(allowedCommands: ["node"]);
        await PutAsync(server, "lazy", EnvServer(new() { ["STARTED_MARKER"] = started }));
        using var viewer = server.Client(await server.CreateKeyAsync(new CreateApiKeyRequest("viewer", ApiKeyRole.Viewer), Ct));

        var before = await viewer.GetFromJsonAsync<McpToolsListing>(new Uri("/api/v1/agents/lazy/mcp-tools", UriKind.Relative), FirebreakJson.Options, Ct);

        Assert.Equal([new McpUpstreamStatus("env", McpUpstreamState.NotStarted)], before!.Upstreams);
        Assert.Empty(before.Tools);
        Assert.False(File.Exists(started), "a viewer's read started the upstream");

        await using var client = await server.ConnectAsync("lazy", await AgentKeyAsync(server, "lazy"), Ct);
        await client.ListToolsAsync(cancellationToken: Ct);
        var after = await viewer.GetFromJsonAsync<McpToolsListing>(new Uri("/api/v1/agents/lazy/mcp-tools", UriKind.Relative), FirebreakJson.Options, Ct);

        Assert.True(File.Exists(started), "the agent's session starts the upstream");
        Assert.Equal([new McpUpstreamStatus("env", McpUpstreamState.Running)], after!.Upstreams);
        Assert.Equal(["env", "proc_environ"], after.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnUpstreamTheRegistryFileDeclares_RunsWithoutTheAllowList_AndAnApiEditMayKeepItButNotChangeIt()
    {
        var registry = _directory.File("registry.json");
        var declared = EnvServer(new() { ["UPSTREAM_TOKEN"] = UpstreamSecret });
        var fileAgent = new AgentDefinition("from-file", "mcp-tests", "Declared by the registry file.", [], Mcp: new McpGatewayDefinition([declared]));
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new RegistryDocument([fileAgent]), FirebreakJson.Options), Ct);
        await using var server = await StartAsync(allowedCommands: [], registryFile: registry);
        using var operatorClient = server.Client(_operatorKey);

        // A read-modify-write round trip through the API: the env comes back redacted and is sent back so.
        var read = await operatorClient.GetFromJsonAsync<AgentDefinition>(new Uri("/api/v1/agents/from-file", UriKind.Relative), FirebreakJson.Options, Ct);
        Assert.Equal(RegistrySecrets.Redacted, read!.Mcp!.Upstreams[0].Env!["UPSTREAM_TOKEN"]);
        var kept = await TryPutAsync(server, read with { Description = "Edited through the API." });
        var changedArgs = await TryPutAsync(server, read with { Mcp = new McpGatewayDefinition([read.Mcp.Upstreams[0] with { Args = [.. read.Mcp.Upstreams[0].Args!, "--inspect"] }]) });
        var addedEnv = await TryPutAsync(server, read with { Mcp = new McpGatewayDefinition([declared with { Env = new Dictionary<string, string>(declared.Env!) { ["NODE_OPTIONS"] = "--require /tmp/x.js" } }]) });

        Assert.Equal(HttpStatusCode.OK, kept.Status);
        Assert.Equal(HttpStatusCode.BadRequest, changedArgs.Status);
        Assert.Equal(HttpStatusCode.BadRequest, addedEnv.Status);
        await using var client = await server.ConnectAsync("from-file", await AgentKeyAsync(server, "from-file"), Ct);
        var environment = JsonSerializer.Deserialize<Dictionary<string, string>>((await client.CallAsync("env", "{}", Ct)).Text())!;
        Assert.Equal(UpstreamSecret, environment["UPSTREAM_TOKEN"]);
    }

    [Fact]
    public async Task AnUpstreamStoredWhileItsCommandWasAllowed_IsNotStartedOnceTheAllowListDropsIt()
    {
        var started = _directory.File("started");
        var database = _directory.File("firebreak.db");
        await using (var allowing = await StartAsync(allowedCommands: ["node"], database: database))
        {
            await PutAsync(allowing, "dropped", EnvServer(new() { ["STARTED_MARKER"] = started }));
        }

        await using var server = await StartAsync(allowedCommands: [], database: database);
        await using var client = await server.ConnectAsync("dropped", await AgentKeyAsync(server, "dropped"), Ct);

        await Assert.ThrowsAnyAsync<Exception>(async () => await client.ListToolsAsync(cancellationToken: Ct));
        Assert.False(File.Exists(started), "the upstream started although its command is no longer allowed");
    }

    public void Dispose() => _directory.Dispose();

    private static McpUpstreamDefinition EnvServer(Dictionary<string, string>? env = null) =>
        new("env", "node", [Upstreams.EnvServerScript], env);

    private async Task<GatewayProcess> StartAsync(IReadOnlyList<string> allowedCommands, string? registryFile = null, string? database = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Firebreak__BootstrapOperatorKey"] = _operatorKey,
            ["Firebreak__Storage__Provider"] = "sqlite",
            ["Firebreak__Storage__ConnectionString"] = database ?? _directory.File("firebreak.db"),
            ["ConnectionStrings__Billing"] = $"Host=billing-db.internal;Username=billing;Password={_databasePassword}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_gcServer"] = "0",
        };
        for (var i = 0; i < allowedCommands.Count; i++)
        {
            environment[$"Firebreak__Mcp__AllowedCommands__{i}"] = allowedCommands[i];
        }

        if (registryFile is not null)
        {
            environment["Firebreak__RegistryFile"] = registryFile;
        }

        return await GatewayProcess.StartAsync(environment, Ct);
    }

    private static async Task PutAsync(GatewayProcess server, string agentId, McpUpstreamDefinition upstream)
    {
        var (status, body) = await TryPutAsync(server, agentId, upstream);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {body.RootElement}");
    }

    private static Task<(HttpStatusCode Status, JsonDocument Body)> TryPutAsync(GatewayProcess server, string agentId, McpUpstreamDefinition upstream) =>
        TryPutAsync(server, new AgentDefinition(agentId, "mcp-tests", null, [], Mcp: new McpGatewayDefinition([upstream])));

    private static async Task<(HttpStatusCode Status, JsonDocument Body)> TryPutAsync(GatewayProcess server, AgentDefinition agent)
    {
        using var client = server.Client(server.OperatorKey);
        using var content = new StringContent(JsonSerializer.Serialize(agent, FirebreakJson.Options), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/api/v1/agents/{agent.Id}", UriKind.Relative), content, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)));
    }

    private static Task<string> AgentKeyAsync(GatewayProcess server, string agentId) =>
        server.CreateKeyAsync(new CreateApiKeyRequest($"{agentId}-agent", ApiKeyRole.Agent, agentId), Ct);
}
