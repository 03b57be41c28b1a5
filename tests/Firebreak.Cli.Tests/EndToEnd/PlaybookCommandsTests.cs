using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Firebreak.Registry;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>
/// <c>firebreak playbook</c> against the real server: listing the sample's playbooks, a dry run that changes nothing, and
/// applying one with a connected enforcement point (an <see cref="AgentGuard"/>) that confirms its containment.
/// </summary>
public sealed class PlaybookCommandsTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_ShowsTheSupportAgentsPlaybooks_WithWhatTheyMatchAndTheirSteps()
    {
        var list = await Run("playbook", "list", "--agent", "support");

        Assert.Equal(ExitCodes.Success, list.ExitCode);
        Assert.Contains("refund-storm", list.Output, StringComparison.Ordinal);
        Assert.Contains("tool-misuse at SEV2 or worse", list.Output, StringComparison.Ordinal);
        Assert.Contains("control → control → declare-incident → page → blast-radius", list.Output, StringComparison.Ordinal);
        foreach (var failureClass in new[] { "intent-misclassification", "context-drift", "policy-bypass", "cost-runaway" })
        {
            Assert.Contains(failureClass, list.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task DryRun_PrintsEveryStepInOrder_AndChangesNothing()
    {
        var agent = await RegisterAgentAsync("dry");
        using var client = Client();
        var before = await client.GetControlSnapshotAsync(cancellationToken: Ct);

        var dryRun = await Run("playbook", "dry-run", "--agent", agent, "--name", "refund-storm");

        Assert.Equal(ExitCodes.Success, dryRun.ExitCode);
        Assert.Contains("dry run: nothing changed", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains($"Kill tool issue_refund of {agent}", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains($"Shadow agent {agent}", dryRun.Output, StringComparison.Ordinal);
        Assert.True(
            dryRun.Output.IndexOf("Kill tool", StringComparison.Ordinal) < dryRun.Output.IndexOf("Declare SEV2", StringComparison.Ordinal),
            dryRun.Output);
        Assert.Equal(5, dryRun.Output.Split("planned").Length - 1);
        Assert.Equal(before.Epoch, (await client.GetControlSnapshotAsync(cancellationToken: Ct)).Epoch);
        Assert.Empty(await client.ListPlaybookExecutionsAsync(agent, cancellationToken: Ct));
    }

    [Fact]
    public async Task Apply_ContainsFirst_PrintsWhatChangedAndWhichEnforcementPointConfirmedIt_ThenTheSameDryRunIsInEffect()
    {
        var agent = await RegisterAgentAsync("apply");
        await using var guard = await AgentGuard.StartAsync(
            new AgentGuardOptions { AgentId = agent, PointId = $"{agent}-desk", HttpClient = server.CreateClient(), ApiKey = CliServer.OperatorKey }, Ct);

        var apply = await Run("playbook", "apply", "--agent", agent, "--name", "refund-storm");
        var again = await Run("playbook", "dry-run", "--agent", agent, "--name", "refund-storm");
        var executions = await Run("playbook", "executions", "--agent", agent);

        Assert.True(apply.ExitCode == ExitCodes.Success, apply.Output + apply.Error);
        Assert.Contains("playbook:refund-storm", apply.Output, StringComparison.Ordinal);
        Assert.Contains("bootstrap", apply.Output, StringComparison.Ordinal);
        Assert.Contains($"{agent}-desk", apply.Output, StringComparison.Ordinal);
        Assert.Equal(2, apply.Output.Split("1 of 1 enforcement points confirmed epoch").Length - 1);
        Assert.Contains("declared INC-", apply.Output, StringComparison.Ordinal);
        Assert.Contains("0 actions", apply.Output, StringComparison.Ordinal);
        using var client = Client();
        var snapshot = await client.GetControlSnapshotAsync(cancellationToken: Ct);
        Assert.Equal(ControlMode.Killed, snapshot.EffectiveMode(agent, "issue_refund", DateTimeOffset.UtcNow).Mode);
        Assert.Equal(snapshot.Epoch, guard.Epoch);
        Assert.Contains("already in effect", Row(again.Output, "Kill tool"), StringComparison.Ordinal);
        Assert.Contains("already in effect", Row(again.Output, "Shadow agent"), StringComparison.Ordinal);
        Assert.Contains("refund-storm", executions.Output, StringComparison.Ordinal);
        Assert.Contains("5 applied", executions.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPlaybook_IsAnApiError_NamingIt()
    {
        var run = await Run("playbook", "apply", "--agent", "support", "--name", "no-such-playbook");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Contains("no-such-playbook", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private FirebreakClient Client() => new(server.CreateClient(), CliServer.OperatorKey);

    private async Task<string> RegisterAgentAsync(string prefix)
    {
        var id = $"pb-{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        using var client = Client();
        await client.PutAgentAsync(
            new AgentDefinition(
                id,
                "cli-tests",
                null,
                [
                    new ToolDefinition("lookup_order", RiskClass.Read),
                    new ToolDefinition("issue_refund", RiskClass.Financial),
                    new ToolDefinition("close_ticket", RiskClass.Write),
                ],
                Playbooks:
                [
                    new PlaybookDefinition(
                        "refund-storm",
                        "Wrong refunds",
                        new PlaybookMatch([FailureClass.ToolMisuse], Severity.Sev2),
                        [
                            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Tools, "refunds look wrong", ControlMode.Killed, Tools: ["issue_refund"])),
                            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "shadow until reviewed", ControlMode.Shadow)),
                            new PlaybookStep(PlaybookStepKind.DeclareIncident, Severity: Severity.Sev2, Title: "Refund storm on {agent}"),
                            new PlaybookStep(PlaybookStepKind.Page),
                            new PlaybookStep(PlaybookStepKind.BlastRadius),
                        ]),
                ]),
            Ct);
        return id;
    }

    private static string Row(string output, string cell) =>
        output.Split('\n').FirstOrDefault(line => line.Contains(cell, StringComparison.Ordinal)) ?? string.Empty;
}
