using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Mcp.Tests.Infrastructure;
using Firebreak.Registry;

namespace Firebreak.Mcp.Tests;

/// <summary>
/// An operator's registry edit reaches a running gateway as a control change: the PUT takes an epoch, the gateway
/// confirms it, and its very next decision and tool list use the new definition, with no other control change between.
/// The real <c>@modelcontextprotocol/server-memory</c> shows whether a call reached the upstream.
/// </summary>
public sealed class GatewayRegistryEditTests(GatewayServer server) : IClassFixture<GatewayServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string GatewayPoint(string agent) => $"mcp-gateway-{agent}@{System.Net.Dns.GetHostName()}";

    [Fact]
    public async Task AToolMovedFromReadToWrite_IsConfirmedByTheGateway_AndLeavesToolsListUnderFallbackAtOnce()
    {
        var agent = $"mcp-reclass-{Guid.NewGuid().ToString("N")[..6]}";
        var memoryFile = server.TempFile($"{agent}-memory.jsonl");
        var definition = await server.RegisterAsync(agent, [new("read_graph", RiskClass.Read), new("create_entities", RiskClass.Read)], [Upstreams.Memory(memoryFile)], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        var fallback = await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "degraded: reads only", ControlMode.Fallback, agent), Ct);
        Assert.Contains(await client.ListToolsAsync(cancellationToken: Ct), t => t.Name == "create_entities");

        var edit = await server.EditAgentAsync(definition with { Tools = [new("read_graph", RiskClass.Read), new("create_entities", RiskClass.Write)] }, Ct);
        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var blocked = await client.CallAsync("create_entities", Calls.Entity("Mallory"), Ct);

        Assert.Equal(fallback.Epoch + 1, edit.Control!.Epoch);
        Assert.Equal(agent, edit.Control.Change.Registry!.AgentId);
        Assert.Contains(edit.Control.Confirmations, c => c.PointId == GatewayPoint(agent) && c.Confirmed);
        Assert.DoesNotContain(tools, t => t.Name == "create_entities");
        Assert.Contains(tools, t => t.Name == "read_graph");
        Assert.True(blocked.IsError);
        Assert.Equal("blocked", blocked.Meta?["firebreak/outcome"]?.GetValue<string>());
        await using var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.DoesNotContain("Mallory", await direct.EntityNamesAsync(Ct));
    }

    [Fact]
    public async Task ANewBlockingArgumentRule_StopsTheGatewaysNextCall_WithoutAnyOtherControlChange()
    {
        var agent = $"mcp-rule-{Guid.NewGuid().ToString("N")[..6]}";
        var memoryFile = server.TempFile($"{agent}-memory.jsonl");
        var definition = await server.RegisterAsync(agent, [new("read_graph", RiskClass.Read), new("create_entities", RiskClass.Write)], [Upstreams.Memory(memoryFile)], Ct);
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        var before = await client.CallAsync("create_entities", """{"entities":[{"name":"Zed","entityType":"alien","observations":["x"]}]}""", Ct);

        var rule = new ArgumentRuleDefinition("create_entities", "entities.entityType in [\"person\"]", GuardrailAction.Block, "people-only");
        var edit = await server.EditAgentAsync(definition with { Guardrails = new GuardrailPolicy(Rules: [rule]) }, Ct);
        var after = await client.CallAsync("create_entities", """{"entities":[{"name":"Yan","entityType":"alien","observations":["x"]}]}""", Ct);

        Assert.NotEqual(true, before.IsError);
        Assert.Contains(edit.Control!.Confirmations, c => c.PointId == GatewayPoint(agent) && c.Confirmed);
        Assert.True(after.IsError);
        Assert.Contains("people-only", after.Text(), StringComparison.Ordinal);
        await using var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        var names = await direct.EntityNamesAsync(Ct);
        Assert.Contains("Zed", names);
        Assert.DoesNotContain("Yan", names);
    }
}
