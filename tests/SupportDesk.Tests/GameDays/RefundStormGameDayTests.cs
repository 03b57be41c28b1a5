using System.Text.Json;
using Firebreak.Auth;
using Firebreak.Control;
using Firebreak.GameDays;
using Firebreak.Ledger;
using Firebreak.Serialization;
using SupportDesk.Tests.Guard;

namespace SupportDesk.Tests.GameDays;

/// <summary>
/// The refund-storm game day end to end: a Firebreak server and a SupportDesk backend as real processes, the agent
/// under the guard, and <c>firebreak gameday refund-storm</c> queueing 300 tickets, activating the faulty release and
/// watching detection and a playbook contain it without a person. Its report lands in the test output folder
/// (<c>gameday-reports/</c>); the one checked in under <c>docs/examples/</c> came from this test on the build machine.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class RefundStormGameDayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefundStorm_On300QueuedTickets_IsContainedAutomatically_WithFewWrongRefunds_AndTheAgentIsRestored()
    {
        await using var desk = await GuardedDesk.StartAsync(seedTickets: 0, Ct, GuardedDesk.AutomaticPlaybooks);
        var key = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("gameday-e2e", ApiKeyRole.Operator), Ct);
        var reports = Path.Combine(AppContext.BaseDirectory, "gameday-reports");
        using var cli = GameDayCli.Start(
            Ct,
            "gameday", "refund-storm", "--agent", GuardedDesk.AgentId, "--queue", "300",
            "--backend", desk.Backend.BaseAddress!.ToString(),
            "--releases", Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "releases"),
            "--report-dir", reports,
            "--server", desk.ServerAddress.ToString(), "--api-key", key.Key);

        // The agent takes tickets from the queue the drill fills; it starts once they are there, as a worker would.
        await cli.WaitForOutputAsync("Queued 300 tickets", Ct);
        var agent = desk.StartAgent("normal", tickets: 300, delayMs: 50, Ct);
        var exitCode = await cli.ExitCodeAsync(Ct);

        var report = JsonSerializer.Deserialize<GameDayReport>(await File.ReadAllTextAsync(Path.Combine(reports, "gameday-refund-storm.json"), Ct), FirebreakJson.Options)!;
        var m = report.Measurements;
        TestContext.Current.SendDiagnosticMessage(
            $"refund storm: {m.WrongActionsExecuted} wrong refunds, contain {m.TimeToContainMs} ms, detect {m.TimeToDetectMs} ms, drain {m.TimeToDrainMs} ms, trace {m.TimeToTraceMs} ms, verdict {report.Verdict}");
        Assert.True(exitCode == (report.Verdict == GameDayVerdict.Passed ? 0 : 1), $"exit {exitCode} for a {report.Verdict} drill:\n{cli.Output}");

        // Contained automatically: a detector raised an alert and a playbook's change was confirmed by the agent's point.
        Assert.True(m.ContainedBy?.StartsWith("playbook:", StringComparison.Ordinal) == true, $"contained by {m.ContainedBy ?? "nobody"}:\n{cli.Output}\n{agent.Output}");
        Assert.NotNull(m.TimeToDetectMs);
        Assert.NotNull(m.AlertId);
        Assert.True(m.Points >= 1 && m.PointsConfirmed == m.Points, $"{m.PointsConfirmed} of {m.Points} points confirmed");

        // Generous bounds for a shared machine; the issue's bounds (5 refunds, 2 s) are the report's own checks.
        Assert.InRange(m.WrongActionsExecuted, 1, 20);
        Assert.InRange(m.TimeToContainMs!.Value, 0, 30_000);
        Assert.NotNull(m.TimeToTraceMs);
        Assert.Contains(report.Checks, c => c.Name == "decision trace of the first wrong action" && c.Passed);

        // The report's count is the ledger's: every goodwill refund executed from the injection on.
        var goodwill = (await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct))
            .Count(a => a.Tool == "issue_refund" && a.Outcome == ActionOutcome.Executed && a.RecordedAt >= report.InjectedAt
                && a.Arguments.TryGetProperty("reason", out var reason) && reason.GetString() == "goodwill");
        Assert.Equal(goodwill, m.WrongActionsExecuted);

        // Recorded on the server, and the agent put back: good release active, no control left set.
        var recorded = await desk.Operator.ListGameDaysAsync(GuardedDesk.AgentId, "refund-storm", cancellationToken: Ct);
        Assert.Equal(report.Measurements, Assert.Single(recorded).Report.Measurements with { WrongAmounts = report.Measurements.WrongAmounts });
        var snapshot = await desk.Operator.GetControlSnapshotAsync(GuardedDesk.AgentId, Ct);
        Assert.DoesNotContain(snapshot.Settings, s => s.Scope.AgentId == GuardedDesk.AgentId && s.Mode != ControlMode.Normal);
        var state = await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, Ct);
        var good = await desk.Operator.GetReleaseAsync(state.ActiveReleaseId!, cancellationToken: Ct);
        Assert.Equal("Baseline: refunds only what the refund policy covers.", good.Notes);
        Assert.True(File.Exists(Path.Combine(reports, "gameday-refund-storm.md")));
    }
}
