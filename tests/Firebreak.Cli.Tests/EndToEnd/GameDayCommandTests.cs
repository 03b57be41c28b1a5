using System.Text.Json;
using Firebreak.Cli.Tests.GameDays;
using Firebreak.Client;
using Firebreak.GameDays;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>
/// <c>firebreak gameday</c> and <c>firebreak readiness</c> against the real server in process, for what needs no agent
/// process: usage errors, a kill-switch drill that no enforcement point confirms, and the readiness of such an agent.
/// The drills against a running agent are in <c>tests/SupportDesk.Tests/GameDays</c>.
/// </summary>
public sealed class GameDayCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUnknownScenario_IsAUsageError_ThatListsTheScenariosOfTheDrillFile()
    {
        var run = await Run("gameday", "fire-drill", "--agent", "support", "--drills", DrillFileTests.SampleFile);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown scenario 'fire-drill': choose one of kill-switch, rollback, refund-storm, tool-loop, prompt-injection", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDrillFile_DefaultsToGamedaysYamlNextToTheReleasesFolder()
    {
        var releases = Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "releases");

        var run = await Run("gameday", "fire-drill", "--agent", "support", "--releases", releases);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("choose one of kill-switch, rollback, refund-storm", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownScenario_WithNoDrillFileFound_ListsTheBuiltInDrills_AndSaysWhereItLooked()
    {
        var run = await Run("gameday", "refund-storm", "--agent", "support", "--releases", Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "releases"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("unknown scenario 'refund-storm': the built-in drills are kill-switch, rollback, and no drill file was found at ", run.Error, StringComparison.Ordinal);
        Assert.Contains("gamedays.yaml (pass --drills)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingDrillFile_IsAUsageError()
    {
        var run = await Run("gameday", "kill-switch", "--agent", "support", "--drills", Path.Combine(Path.GetTempPath(), "no-such-gamedays.yaml"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("no-such-gamedays.yaml not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABrokenDrillFile_IsAUsageErrorNamingTheField_AndNoDrillRuns_NotEvenABuiltInOne()
    {
        var agent = await RegisterAgentAsync("broken-file");
        var drills = Path.Combine(Path.GetTempPath(), $"gamedays-{Guid.NewGuid():N}.yaml");
        var sample = await File.ReadAllTextAsync(DrillFileTests.SampleFile, Ct);
        await File.WriteAllTextAsync(drills, sample.Replace("containment: 5s, detection: 5s", "containment: 0s, detection: 5s", StringComparison.Ordinal), Ct);
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var changesBefore = await client.ListControlChangesAsync(agent, 10, Ct);

        var run = await Run("gameday", "kill-switch", "--agent", agent, "--queue", "0", "--drills", drills);
        File.Delete(drills);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"{drills}: scenario 'tool-loop': bounds.containment must be a positive duration", run.Error, StringComparison.Ordinal);
        Assert.Empty(await client.ListGameDaysAsync(agent, cancellationToken: Ct));
        Assert.Equal(changesBefore.Count, (await client.ListControlChangesAsync(agent, 10, Ct)).Count);
    }

    [Fact]
    public async Task AKillSwitchDrill_NoPointConfirms_FailsWithExitOne_WritesItsReport_AndRecordsIt()
    {
        var agent = await RegisterAgentAsync("drill-me");
        var reports = Path.Combine(Path.GetTempPath(), "firebreak-cli-tests", Guid.NewGuid().ToString("N"));

        var run = await Run("gameday", "kill-switch", "--agent", agent, "--queue", "0", "--report-dir", reports);

        Assert.Equal(ExitCodes.Finding, run.ExitCode);
        Assert.Contains($"FAILED game day kill-switch on {agent}: containment confirmed, time to contain", run.Output, StringComparison.Ordinal);
        var markdown = await File.ReadAllTextAsync(Path.Combine(reports, "gameday-kill-switch.md"), Ct);
        Assert.StartsWith("# Game day: Kill switch drill\n\n**FAILED**", markdown, StringComparison.Ordinal);
        var report = JsonSerializer.Deserialize<GameDayReport>(await File.ReadAllTextAsync(Path.Combine(reports, "gameday-kill-switch.json"), Ct), FirebreakJson.Options)!;
        Assert.Equal((0, 0), (report.Measurements.PointsConfirmed, report.Measurements.Points));
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var recorded = Assert.Single(await client.ListGameDaysAsync(agent, OperatorDrills.KillSwitchName, cancellationToken: Ct));
        Assert.Equal(GameDayVerdict.Failed, recorded.Report.Verdict);

        // The drill resumed the agent it killed.
        var snapshot = await client.GetControlSnapshotAsync(agent, Ct);
        Assert.DoesNotContain(snapshot.Settings, s => s.Scope.AgentId == agent && s.Mode != Control.ControlMode.Normal);
        Directory.Delete(reports, recursive: true);
    }

    [Fact]
    public async Task Readiness_OfAnAgentWithNothingInPlace_PrintsEachFailedItem_AndExitsOne()
    {
        var agent = await RegisterAgentAsync("unready");

        var run = await Run("readiness", "--agent", agent);

        Assert.Equal(ExitCodes.Finding, run.ExitCode);
        Assert.Contains("no enforcement point of the agent is connected", run.Output, StringComparison.Ordinal);
        Assert.Contains("no compensator or mitigation declared for issue_refund, close_ticket", run.Output, StringComparison.Ordinal);
        Assert.Contains("the server keeps decision traces 30 days", run.Output, StringComparison.Ordinal);
        Assert.Contains($"not ready {agent}: 7 of 8 checks failed", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_OfAnUnknownAgent_IsAnApiError()
    {
        var run = await Run("readiness", "--agent", "no-such-agent");

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
    }

    private Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());

    private async Task<string> RegisterAgentAsync(string prefix)
    {
        var id = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        await client.PutAgentAsync(
            new AgentDefinition(id, "cli-tests", null, [
                new ToolDefinition("lookup_order", RiskClass.Read),
                new ToolDefinition("issue_refund", RiskClass.Financial),
                new ToolDefinition("close_ticket", RiskClass.Write),
            ]),
            Ct);
        return id;
    }
}
