using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Mcp.Tests.Infrastructure;
using Firebreak.Registry;
using ModelContextProtocol.Protocol;

namespace Firebreak.Mcp.Tests;

/// <summary>
/// The gateway in front of the real <c>@modelcontextprotocol/server-everything</c>, over stdio and over Streamable
/// HTTP, driven by a client on the official C# SDK and by a Node client on <c>@modelcontextprotocol/sdk</c>.
/// </summary>
public sealed class EverythingInteropTests(GatewayServer server) : IClassFixture<GatewayServer>
{
    private static readonly ToolDefinition[] EverythingTools = [new("echo", RiskClass.Read), new("get-sum", RiskClass.Write)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AStdioUpstream_ToolsAreListedAndCalledThroughTheGateway()
    {
        const string agent = "everything-stdio";
        await server.RegisterAsync(agent, EverythingTools, [Upstreams.Everything()], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var echo = await client.CallAsync("echo", """{"message":"hello"}""", Ct);
        var sum = await client.CallAsync("get-sum", """{"a":2,"b":3}""", Ct);

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "get-sum");
        Assert.Equal("Echo: hello", echo.Text());
        Assert.Contains("5", sum.Text(), StringComparison.Ordinal);
        Assert.True(sum.Meta!.ContainsKey("firebreak/gatewayOverheadMs"));
    }

    [Fact]
    public async Task AStreamableHttpUpstream_ToolsAreListedAndCalledThroughTheGateway()
    {
        const string agent = "everything-http";
        await using var upstream = await EverythingHttpServer.StartAsync(Ct);
        await server.RegisterAsync(agent, EverythingTools, [new McpUpstreamDefinition("everything", Url: upstream.Endpoint)], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var echo = await client.CallAsync("echo", """{"message":"over http"}""", Ct);

        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Equal("Echo: over http", echo.Text());
    }

    [Fact]
    public async Task TwoUpstreamsOfferingTheSameTool_AreNamespacedByUpstream()
    {
        const string agent = "everything-twice";
        await using var upstream = await EverythingHttpServer.StartAsync(Ct);
        await server.RegisterAsync(agent, [], [Upstreams.Everything(), new McpUpstreamDefinition("remote", Url: upstream.Endpoint)], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var local = await client.CallAsync("everything.echo", """{"message":"a"}""", Ct);
        var remote = await client.CallAsync("remote.echo", """{"message":"b"}""", Ct);

        Assert.Contains(tools, t => t.Name == "everything.echo");
        Assert.Contains(tools, t => t.Name == "remote.echo");
        Assert.DoesNotContain(tools, t => t.Name == "echo");
        Assert.Equal("Echo: a", local.Text());
        Assert.Equal("Echo: b", remote.Text());
    }

    [Fact]
    public async Task AKill_ReachesARiskyCallWhileItRuns_AndTheModelIsToldItStopped()
    {
        const string agent = "everything-inflight";
        await server.RegisterAsync(agent, EverythingTools, [Upstreams.Everything()], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        await client.ListToolsAsync(cancellationToken: Ct);

        var call = client.CallAsync("trigger-long-running-operation", """{"duration":60,"steps":60}""", Ct, new JsonObject { ["firebreak/idempotencyKey"] = "long-op" });
        await server.WaitForActionAsync(agent, a => a.IdempotencyKey == "long-op" && a.Outcome == ActionOutcome.Pending, Ct);
        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "stop everything", ControlMode.Killed, agent), Ct);
        var stopped = await call.WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.True(stopped.IsError);
        Assert.Contains("stopped while it ran", stopped.Text(), StringComparison.Ordinal);
        await server.WaitForActionAsync(agent, a => a.IdempotencyKey == "long-op" && a.Outcome == ActionOutcome.Blocked, Ct);
    }

    [Fact]
    public async Task ResourcesTemplatedResourcesAndPrompts_PassThroughReadOnly()
    {
        const string agent = "everything-resources";
        await server.RegisterAsync(agent, EverythingTools, [Upstreams.Everything()], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var resources = await client.ListResourcesAsync(cancellationToken: Ct);
        var read = await client.ReadResourceAsync(resources[0].Uri, cancellationToken: Ct);
        var templates = await client.ListResourceTemplatesAsync(cancellationToken: Ct);
        var templated = await client.ReadResourceAsync("demo://resource/dynamic/text/7", cancellationToken: Ct);
        var prompts = await client.ListPromptsAsync(cancellationToken: Ct);
        var prompt = await client.GetPromptAsync("simple-prompt", cancellationToken: Ct);

        Assert.NotEmpty(read.Contents);
        Assert.Contains(templates, t => t.UriTemplate == "demo://resource/dynamic/text/{resourceId}");
        Assert.StartsWith("Resource 7:", Assert.IsType<TextResourceContents>(Assert.Single(templated.Contents)).Text, StringComparison.Ordinal);
        Assert.Contains(prompts, p => p.Name == "simple-prompt");
        Assert.NotEmpty(prompt.Messages);
    }

    [Fact]
    public async Task ANodeClientOnTheOfficialTypeScriptSdk_ListsCallsAndSeesABlock()
    {
        const string agent = "everything-node";
        await server.RegisterAsync(agent, EverythingTools, [Upstreams.Everything()], Ct);
        var key = await server.AgentKeyAsync(agent, Ct);
        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Tools, "sums are wrong", ControlMode.Killed, agent, ["get-sum"]), Ct);

        using var output = await RunNodeClientAsync(new Uri(server.Address, $"/mcp/{agent}"), key, "echo", "get-sum");
        var root = output.RootElement;

        var tools = root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("echo", tools);
        Assert.DoesNotContain("get-sum", tools);
        Assert.Equal("Echo: from node", root.GetProperty("allowed").GetProperty("content")[0].GetProperty("text").GetString());
        var blocked = root.GetProperty("blocked");
        Assert.True(blocked.GetProperty("isError").GetBoolean());
        Assert.Contains("get-sum is blocked", blocked.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> RunNodeClientAsync(Uri url, string key, string allowedTool, string blockedTool)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = McpServerPackages.Directory };
        start.ArgumentList.Add(Path.Combine(McpServerPackages.Directory, "node-client.mjs"));
        start.ArgumentList.Add(url.ToString());
        start.ArgumentList.Add(key);
        start.ArgumentList.Add(allowedTool);
        start.ArgumentList.Add(blockedTool);
        McpServerPackages.Script("@modelcontextprotocol/sdk", "package.json");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0, $"node-client exited with {process.ExitCode}: {await stderr}");
        return JsonDocument.Parse(await stdout);
    }
}
