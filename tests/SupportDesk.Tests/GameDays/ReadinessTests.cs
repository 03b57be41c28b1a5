using Firebreak.Auth;
using Firebreak.GameDays;
using Firebreak.Registry;
using Firebreak.Releases;
using Firebreak.Regression;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Releases;

namespace SupportDesk.Tests.GameDays;

/// <summary>
/// <c>firebreak readiness</c> and the operator drills it reads (<c>gameday kill-switch</c>, <c>gameday rollback</c>)
/// against a real server and backend with the support agent running under the guard.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAgentWithEverythingInPlace_AfterItsKillSwitchAndRollbackDrills_IsReady()
    {
        await using var desk = await GuardedDesk.StartAsync(seedTickets: 6, Ct);
        var key = (await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("readiness-e2e", ApiKeyRole.Operator), Ct)).Key;
        var good = await desk.Operator.CreateReleaseAsync(SupportReleases.Good, Ct);
        var fix = await desk.Operator.CreateReleaseAsync(SupportReleases.Fixed, Ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(good.Id, "e2e: baseline"), TimeSpan.Zero, Ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(fix.Id, "e2e: the fix"), TimeSpan.Zero, Ct);

        // The agent handles its tickets, then stays connected to take released work, as a deployed worker does.
        var agent = desk.StartAgent("normal", tickets: 6, delayMs: 0, Ct, "--follow");
        await agent.WaitForLineAsync(line => line.StartsWith("following", StringComparison.Ordinal), Ct);
        var run = (await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, limit: 1, cancellationToken: Ct))[0];
        await desk.Operator.CreateRegressionCaseAsync(
            new CreateRegressionCaseRequest(run.Id, [new RegressionAssertion(AssertionKind.MustCall, Tool: "close_ticket")], "closes the ticket"), Ct);

        var kill = await GameDayCli.RunAsync(Ct, Args(desk, key, "gameday", OperatorDrills.KillSwitchName, "--agent", GuardedDesk.AgentId, "--queue", "0"));
        var rollback = await GameDayCli.RunAsync(Ct, Args(desk, key, "gameday", OperatorDrills.RollbackName, "--agent", GuardedDesk.AgentId));
        var readiness = await GameDayCli.RunAsync(Ct, Args(desk, key, "readiness", "--agent", GuardedDesk.AgentId));

        Assert.True(kill.ExitCode == 0, kill.Output);
        Assert.Contains("every enforcement point confirmed the kill", kill.Output, StringComparison.Ordinal);
        Assert.True(rollback.ExitCode == 0, rollback.Output);
        Assert.Contains("every enforcement point runs the last-known-good release", rollback.Output, StringComparison.Ordinal);
        Assert.Equal(fix.Id, (await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, Ct)).ActiveReleaseId);
        Assert.True(readiness.ExitCode == 0, readiness.Output);
        Assert.Contains("ready support: 8 of 8 checks passed", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("kill switch drilled in the last 30 days", readiness.Output, StringComparison.Ordinal);
        Assert.Equal(0, await agent.StopAsync(Ct));
    }

    [Fact]
    public async Task AnAgentWithNoPointReleaseCompensationOrDrill_IsNotReady_AndEachGapSaysWhatToFix()
    {
        await using var desk = await GuardedDesk.StartAsync(seedTickets: 0, Ct);
        var key = (await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("readiness-e2e", ApiKeyRole.Operator), Ct)).Key;
        await desk.Operator.PutAgentAsync(
            new AgentDefinition("billing-bot", "billing-team", "closes accounts", [new ToolDefinition("lookup_account", RiskClass.Read), new ToolDefinition("delete_account", RiskClass.Irreversible)]),
            Ct);

        var kill = await GameDayCli.RunAsync(Ct, Args(desk, key, "gameday", OperatorDrills.KillSwitchName, "--agent", "billing-bot", "--queue", "0"));
        var readiness = await GameDayCli.RunAsync(Ct, Args(desk, key, "readiness", "--agent", "billing-bot"));

        Assert.True(kill.ExitCode == 1, kill.Output);
        Assert.Contains("FAILED game day kill-switch on billing-bot: containment confirmed, time to contain", kill.Output, StringComparison.Ordinal);
        Assert.True(readiness.ExitCode == 1, readiness.Output);
        Assert.Contains("no enforcement point of the agent is connected: a kill would reach nothing", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("no active release", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("no compensator or mitigation declared for delete_account", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("no regression case", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("last drill", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("never drilled: run firebreak gameday rollback", readiness.Output, StringComparison.Ordinal);
        Assert.Contains("not ready billing-bot", readiness.Output, StringComparison.Ordinal);
    }

    private static string[] Args(GuardedDesk desk, string key, params string[] command) =>
        [.. command, "--server", desk.ServerAddress.ToString(), "--api-key", key];
}
