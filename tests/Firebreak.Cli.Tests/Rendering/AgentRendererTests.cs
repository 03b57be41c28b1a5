using Firebreak.Cli.Rendering;
using Firebreak.Registry;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class AgentRendererTests
{
    private static readonly AgentDefinition Support = new(
        "support-agent",
        "team-support",
        "Answers tickets",
        [
            new ToolDefinition("lookup_order", RiskClass.Read),
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message, FailMode: FailMode.Open),
        ]);

    private static string[] Lines(Action<CapturedConsole> render)
    {
        using var console = new CapturedConsole();
        render(console);
        return console.Output.Split('\n');
    }

    [Fact]
    public void List_ShowsIdOwnerToolCountAndDescription()
    {
        var lines = Lines(c => AgentRenderer.RenderList(c.Console, [Support]));

        Assert.Matches(@"Id\s+│\s+Owner\s+│\s+Tools\s+│\s+Description", Assert.Single(lines, l => l.Contains("Owner", StringComparison.Ordinal)));
        Assert.Matches(@"support-agent\s+│\s+team-support\s+│\s+3\s+│\s+Answers tickets", Assert.Single(lines, l => l.Contains("support-agent", StringComparison.Ordinal)));
    }

    [Fact]
    public void List_WhenEmpty_SaysSo()
    {
        Assert.Contains("No agents registered.", Lines(c => AgentRenderer.RenderList(c.Console, [])));
    }

    [Fact]
    public void Show_ListsToolsWithRiskAndEffectiveFailMode_MarkingDefaults()
    {
        var lines = Lines(c => AgentRenderer.RenderAgent(c.Console, Support));

        Assert.Matches(@"lookup_order\s+│\s+read\s+│\s+open \(default\)", Assert.Single(lines, l => l.Contains("lookup_order", StringComparison.Ordinal)));
        Assert.Matches(@"issue_refund\s+│\s+financial\s+│\s+closed \(default\)", Assert.Single(lines, l => l.Contains("issue_refund", StringComparison.Ordinal)));
        Assert.Matches(@"send_email\s+│\s+message\s+│\s+open\s+│", Assert.Single(lines, l => l.Contains("send_email", StringComparison.Ordinal)));
    }

    [Fact]
    public void McpTools_MarkTheUnregisteredOnes_WithTheDefaultRiskTheGatewayDecidesThemWith()
    {
        var lines = Lines(c => AgentRenderer.RenderMcpTools(c.Console, new McpToolsListing(
            [new McpUpstreamStatus("memory", McpUpstreamState.Running)],
            [
                new McpToolInfo("read_graph", "memory", "read_graph", RiskClass.Read, Registered: true),
                new McpToolInfo("delete_entities", "memory", "delete_entities", RiskClass.Write, Registered: false),
            ])));

        Assert.Matches(@"read_graph\s+│\s+memory\s+│\s+read\s+│\s+yes", Assert.Single(lines, l => l.Contains("read_graph", StringComparison.Ordinal)));
        Assert.Matches(@"delete_entities\s+│\s+memory\s+│\s+write \(default\)\s+│\s+no", Assert.Single(lines, l => l.Contains("delete_entities", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("1 upstream tool(s) are not in the registry", StringComparison.Ordinal));
    }

    [Fact]
    public void McpTools_OfUpstreamsNoSessionStarted_AreShownAsNotKnownYet_NotAsNone()
    {
        var lines = Lines(c => AgentRenderer.RenderMcpTools(c.Console, new McpToolsListing([new McpUpstreamStatus("memory", McpUpstreamState.NotStarted)], [])));

        Assert.Matches(@"memory\s+│\s+not_started", Assert.Single(lines, l => l.Contains("memory", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("No tools known yet", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("offer no tools", StringComparison.Ordinal));
    }
}
