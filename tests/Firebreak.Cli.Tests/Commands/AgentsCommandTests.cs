using Firebreak.Registry;

namespace Firebreak.Cli.Tests.Commands;

public sealed class AgentsCommandTests
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

    [Fact]
    public async Task List_ShowsIdOwnerToolCountAndDescription()
    {
        var handler = new CannedHandler().Json<AgentDefinition[]>("/api/v1/agents", [Support]);

        var run = await CliRun.RunAsync(["agents", "list", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var row = Assert.Single(run.Output.Split('\n'), l => l.Contains("support-agent", StringComparison.Ordinal));
        Assert.Matches(@"support-agent\s+│\s+team-support\s+│\s+3\s+│\s+Answers tickets", row);
    }

    [Fact]
    public async Task Show_ListsToolsWithRiskAndEffectiveFailMode()
    {
        var handler = new CannedHandler().Json("/api/v1/agents/support-agent", Support);

        var run = await CliRun.RunAsync(["agents", "show", "support-agent", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Output.Split('\n');
        Assert.Matches(@"lookup_order\s+│\s+read\s+│\s+open \(default\)", Assert.Single(lines, l => l.Contains("lookup_order", StringComparison.Ordinal)));
        Assert.Matches(@"issue_refund\s+│\s+financial\s+│\s+closed \(default\)", Assert.Single(lines, l => l.Contains("issue_refund", StringComparison.Ordinal)));
        Assert.Matches(@"send_email\s+│\s+message\s+│\s+open\s+│", Assert.Single(lines, l => l.Contains("send_email", StringComparison.Ordinal)));
    }
}
