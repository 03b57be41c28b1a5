using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Mcp.Tests.Infrastructure;
using Firebreak.Registry;
using Firebreak.Serialization;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Mcp.Tests;

/// <summary>
/// Containment through the MCP gateway, driven by a client built on the official C# SDK against the real
/// <c>@modelcontextprotocol/server-memory</c>, whose knowledge graph shows whether a call reached it.
/// </summary>
public sealed class GatewayContainmentTests(GatewayServer server) : IClassFixture<GatewayServer>
{
    private static readonly ToolDefinition[] MemoryTools =
    [
        new("read_graph", RiskClass.Read),
        new("search_nodes", RiskClass.Read),
        new("open_nodes", RiskClass.Read),
        new("create_entities", RiskClass.Write),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATool_IsListedAndCalledThroughTheGateway_RecordedInTheLedger_WithTheGatewayOverheadInMeta()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-calls");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        Assert.Contains(tools, t => t.Name == "create_entities");
        Assert.Contains(tools, t => t.Name == "read_graph");

        var meta = new JsonObject
        {
            ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            ["firebreak/idempotencyKey"] = "create-ada-1",
        };
        var created = await client.CallAsync("create_entities", Calls.Entity("Ada"), Ct, meta);

        Assert.NotEqual(true, created.IsError);
        Assert.Contains("Ada", created.Text(), StringComparison.Ordinal);
        Assert.True(created.Meta?["firebreak/gatewayOverheadMs"]?.GetValue<double>() >= 0, "the result carries the gateway's overhead");
        Assert.Equal("executed", created.Meta?["firebreak/outcome"]?.GetValue<string>());
        await using var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.Contains("Ada", await direct.EntityNamesAsync(Ct));

        var action = await server.WaitForActionAsync(agent, a => a.IdempotencyKey == "create-ada-1" && a.Outcome == ActionOutcome.Executed, Ct);
        Assert.Equal("create_entities", action.Tool);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", action.CorrelationId);
        Assert.Contains("Ada", action.Result!.Value.GetRawText(), StringComparison.Ordinal);

        // A read is recorded too, under a key derived from the session and the request id when the client gives none.
        await client.EntityNamesAsync(Ct);
        var read = await server.WaitForActionAsync(agent, a => a.Tool == "read_graph", Ct);
        Assert.StartsWith("mcp:", read.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARetriedCall_WithTheSameIdempotencyKey_ExecutesOnce()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-retry");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var first = await client.CallAsync("create_entities", Calls.Entity("Grace"), Ct, new JsonObject { ["firebreak/idempotencyKey"] = "grace" });
        await using (var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct))
        {
            await direct.CallAsync("delete_entities", """{"entityNames":["Grace"]}""", Ct);
        }

        var retry = await client.CallAsync("create_entities", Calls.Entity("Grace"), Ct, new JsonObject { ["firebreak/idempotencyKey"] = "grace" });

        Assert.NotEqual(true, first.IsError);
        Assert.True(retry.IsError);
        Assert.Contains("a call runs at most once", retry.Text(), StringComparison.Ordinal);
        await using var after = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.DoesNotContain("Grace", await after.EntityNamesAsync(Ct));
    }

    [Fact]
    public async Task RevokingATool_HidesItFromToolsList_AndTellsConnectedSessions_AndResumingRestoresIt()
    {
        var (agent, _) = await RegisterMemoryAgentAsync("mcp-revoke");
        var changes = Channel.CreateUnbounded<bool>();
        var options = new McpClientOptions
        {
            Handlers = new McpClientHandlers
            {
                NotificationHandlers = [new(NotificationMethods.ToolListChangedNotification, (_, _) => { changes.Writer.TryWrite(true); return ValueTask.CompletedTask; })],
            },
        };
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct, options);
        Assert.Contains(await client.ListToolsAsync(cancellationToken: Ct), t => t.Name == "create_entities");

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Tools, "bad writes", ControlMode.Killed, agent, ["create_entities"]), Ct);

        await WaitForNotificationAsync(changes);
        var revoked = await client.ListToolsAsync(cancellationToken: Ct);
        Assert.DoesNotContain(revoked, t => t.Name == "create_entities");
        Assert.Contains(revoked, t => t.Name == "read_graph");

        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Tools, "fixed", ControlMode.Normal, agent, ["create_entities"]), Ct);

        await WaitForNotificationAsync(changes);
        Assert.Contains(await client.ListToolsAsync(cancellationToken: Ct), t => t.Name == "create_entities");
    }

    [Fact]
    public async Task KillingTheAgent_BlocksCalls_WithAToolErrorTheModelCanRead_AndNothingReachesTheUpstream()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-kill");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var change = await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "runaway writes", ControlMode.Killed, agent), Ct);
        var blocked = await client.CallAsync("create_entities", Calls.Entity("Mallory"), Ct);
        var read = await client.CallAsync("read_graph", "{}", Ct);

        Assert.True(blocked.IsError);
        Assert.Contains("is blocked", blocked.Text(), StringComparison.Ordinal);
        Assert.Contains("killed", blocked.Text(), StringComparison.Ordinal);
        Assert.Equal("blocked", blocked.Meta?["firebreak/outcome"]?.GetValue<string>());
        Assert.True(read.IsError, "a kill blocks read tools too");
        Assert.Empty(await client.ListToolsAsync(cancellationToken: Ct));
        Assert.Contains(change.Confirmations, c => c.PointId == $"mcp-gateway-{agent}@{System.Net.Dns.GetHostName()}" && c.Confirmed);
        await server.WaitForActionAsync(agent, a => a.Tool == "create_entities" && a.Outcome == ActionOutcome.Blocked, Ct);
        await using var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.DoesNotContain("Mallory", await direct.EntityNamesAsync(Ct));
    }

    [Fact]
    public async Task ShadowMode_RecordsTheCall_AndAnswersWithASimulatedResult_WithoutReachingTheUpstream()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-shadow");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "watch what it would do", ControlMode.Shadow, agent), Ct);

        var shadowed = await client.CallAsync("create_entities", Calls.Entity("Eve"), Ct, new JsonObject { ["firebreak/idempotencyKey"] = "eve" });

        Assert.NotEqual(true, shadowed.IsError);
        Assert.Equal("shadowed", shadowed.Meta?["firebreak/outcome"]?.GetValue<string>());
        Assert.Contains("\"shadowed\":true", shadowed.Text(), StringComparison.Ordinal);
        var action = await server.WaitForActionAsync(agent, a => a.IdempotencyKey == "eve", Ct);
        Assert.Equal(ActionOutcome.Shadowed, action.Outcome);
        Assert.Contains("Eve", action.Arguments.GetRawText(), StringComparison.Ordinal);
        await using var direct = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.DoesNotContain("Eve", await direct.EntityNamesAsync(Ct));

        // Reads still run in shadow mode, so the run's would-be actions stay realistic.
        Assert.NotEqual(true, (await client.CallAsync("read_graph", "{}", Ct)).IsError);
    }

    [Fact]
    public async Task ApprovalMode_HoldsTheCall_UntilAnOperatorApprovesTheseExactArguments_ThenItRuns()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-approval");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        await server.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "a human checks writes", ControlMode.Approval, agent), Ct);

        var call = client.CallAsync("create_entities", Calls.Entity("Linus"), Ct);
        var approval = await server.WaitForPendingApprovalAsync(agent, Ct);

        Assert.False(call.IsCompleted, "the call waits for the approval");
        Assert.Equal("create_entities", approval.Tool);
        Assert.Contains("Linus", approval.Arguments.GetRawText(), StringComparison.Ordinal);
        await using (var before = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct))
        {
            Assert.DoesNotContain("Linus", await before.EntityNamesAsync(Ct));
        }

        await server.ApproveAsync(approval.Id, Ct);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.NotEqual(true, result.IsError);
        await using var after = await Upstreams.ConnectMemoryDirectlyAsync(memoryFile, Ct);
        Assert.Contains("Linus", await after.EntityNamesAsync(Ct));
        var action = await server.WaitForActionAsync(agent, a => a.IdempotencyKey == approval.IdempotencyKey && a.Outcome == ActionOutcome.Executed, Ct);
        Assert.Equal(approval.ArgumentsDigest, action.ArgumentsDigest);
    }

    [Fact]
    public async Task ACrashedUpstream_IsRestarted_AndServesTheNextCall()
    {
        var (agent, memoryFile) = await RegisterMemoryAgentAsync("mcp-crash");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);
        Assert.NotEqual(true, (await client.CallAsync("create_entities", Calls.Entity("Before"), Ct)).IsError);
        var first = Assert.Single(ChildProcesses.Find(memoryFile));

        using (var upstream = Process.GetProcessById(first))
        {
            upstream.Kill();
            await upstream.WaitForExitAsync(Ct);
        }

        var restarted = await WaitForAsync(() => ChildProcesses.Find(memoryFile) is [var pid] && pid != first);
        Assert.True(restarted, "a new upstream process starts after the crash");
        var after = await client.CallAsync("create_entities", Calls.Entity("After"), Ct);

        Assert.NotEqual(true, after.IsError);
        Assert.Contains("After", await client.EntityNamesAsync(Ct));
        Assert.Contains("Before", await client.EntityNamesAsync(Ct));
    }

    [Fact]
    public async Task TheGateway_AppearsAsAnEnforcementPoint_WithAFreshLease()
    {
        var (agent, _) = await RegisterMemoryAgentAsync("mcp-point");
        await using var client = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct);

        var points = await server.EnforcementPointsAsync(Ct);

        var point = Assert.Single(points, p => p.AgentId == agent);
        Assert.StartsWith("mcp-gateway-", point.PointId, StringComparison.Ordinal);
        Assert.True(point.Connected);
        Assert.Equal(LeaseState.Fresh, point.LeaseState);
    }

    [Fact]
    public async Task AnAgentKey_CannotReachAnotherAgentsGateway()
    {
        var (mine, _) = await RegisterMemoryAgentAsync("mcp-mine");
        var (theirs, _) = await RegisterMemoryAgentAsync("mcp-theirs");
        var key = await server.AgentKeyAsync(mine, Ct);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => server.ConnectAsync(theirs, key, Ct));

        Assert.Contains("403", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamToolsTheRegistryDoesNotDeclare_AreListedForOperators_WithTheDefaultRiskClass()
    {
        var (agent, _) = await RegisterMemoryAgentAsync("mcp-unregistered");
        using var client = server.Operator();

        // The read never starts the upstream: the agent's session does, and the listing shows what it found.
        await using (var session = await server.ConnectAsync(agent, await server.AgentKeyAsync(agent, Ct), Ct))
        {
            await session.ListToolsAsync(cancellationToken: Ct);
        }

        var listing = await client.GetFromJsonAsync<McpToolsListing>(new Uri($"/api/v1/agents/{agent}/mcp-tools", UriKind.Relative), FirebreakJson.Options, Ct);

        Assert.Equal([new McpUpstreamStatus("memory", McpUpstreamState.Running)], listing!.Upstreams);
        Assert.Contains(listing.Tools, t => t is { Name: "read_graph", Registered: true, Risk: RiskClass.Read });
        Assert.Contains(listing.Tools, t => t is { Name: "delete_entities", Registered: false, Risk: RiskClass.Write, Upstream: "memory" });
    }

    private async Task<(string Agent, string MemoryFile)> RegisterMemoryAgentAsync(string agent)
    {
        var memoryFile = server.TempFile($"{agent}-memory.jsonl");
        await server.RegisterAsync(agent, MemoryTools, [Upstreams.Memory(memoryFile)], Ct);
        return (agent, memoryFile);
    }

    private static async Task WaitForNotificationAsync(Channel<bool> changes)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(15));
        await changes.Reader.ReadAsync(deadline.Token);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100, Ct);
        }

        return false;
    }
}
