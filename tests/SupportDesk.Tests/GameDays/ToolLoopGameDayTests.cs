using System.Text.Json;
using Firebreak.Auth;
using Firebreak.GameDays;
using Firebreak.Ledger;
using Firebreak.Serialization;
using SupportDesk.Tests.Guard;

namespace SupportDesk.Tests.GameDays;

/// <summary>
/// The tool-loop game day end to end: the looping release makes the agent look the same order up again and again;
/// the drill must see the tool-loop detector fire, count the repeated calls from the ledger, and report whether the
/// shipped playbooks stopped the loop.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class ToolLoopGameDayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ToolLoop_IsDetected_AndItsRepeatedCallsAreCountedFromTheLedger()
    {
        await using var desk = await GuardedDesk.StartAsync(seedTickets: 0, Ct, GuardedDesk.AutomaticPlaybooks);
        var key = await desk.Operator.CreateApiKeyAsync(new CreateApiKeyRequest("gameday-e2e", ApiKeyRole.Operator), Ct);
        var reports = Path.Combine(AppContext.BaseDirectory, "gameday-reports");
        using var cli = GameDayCli.Start(
            Ct,
            "gameday", "tool-loop", "--agent", GuardedDesk.AgentId, "--queue", "60", "--deadline", "20s",
            "--backend", desk.Backend.BaseAddress!.ToString(),
            "--releases", Path.Combine(RepositoryPaths.Root, "samples", "SupportDesk", "releases"),
            "--report-dir", reports,
            "--server", desk.ServerAddress.ToString(), "--api-key", key.Key);

        await cli.WaitForOutputAsync("Queued 60 tickets", Ct);
        var agent = desk.StartAgent("normal", tickets: 60, delayMs: 50, Ct);
        var exitCode = await cli.ExitCodeAsync(Ct);

        var report = JsonSerializer.Deserialize<GameDayReport>(await File.ReadAllTextAsync(Path.Combine(reports, "gameday-tool-loop.json"), Ct), FirebreakJson.Options)!;
        var m = report.Measurements;
        TestContext.Current.SendDiagnosticMessage(
            $"tool loop: {m.WrongActionsExecuted} repeated lookups, detect {m.TimeToDetectMs} ms ({m.DetectedBy}), contained by {m.ContainedBy ?? "nobody"} in {m.TimeToContainMs} ms, verdict {report.Verdict}");
        Assert.True(exitCode == (report.Verdict == GameDayVerdict.Passed ? 0 : 1), $"exit {exitCode} for a {report.Verdict} drill:\n{cli.Output}");
        Assert.True(m.DetectedBy is not null, $"no alert:\n{cli.Output}\n{agent.Output}");
        Assert.InRange(m.TimeToDetectMs!.Value, 0, 30_000);

        // Every lookup of an order beyond the first in its run, from the injection on, is a wrong action. An uncut loop
        // goes on after the drill stops watching, so the report's count lies between the ledger's at that moment and now.
        var actions = await AllActionsAsync(desk);
        Assert.True(m.WrongActionsExecuted > 0, cli.Output);
        Assert.InRange(m.WrongActionsExecuted, RepeatedLookups(actions, report.InjectedAt, report.EndedAt), RepeatedLookups(actions, report.InjectedAt, DateTimeOffset.MaxValue));
        Assert.NotNull(m.TimeToTraceMs);
        Assert.Single(await desk.Operator.ListGameDaysAsync(GuardedDesk.AgentId, "tool-loop", cancellationToken: Ct));
    }

    private static int RepeatedLookups(List<ActionRecord> actions, DateTimeOffset from, DateTimeOffset until) => actions
        .Where(a => a.Tool == "lookup_order" && a.Outcome == ActionOutcome.Executed && a.RecordedAt >= from && a.RecordedAt <= until)
        .GroupBy(a => (a.RunId, a.ArgumentsDigest))
        .Sum(g => g.Count() - 1);

    private static async Task<List<ActionRecord>> AllActionsAsync(GuardedDesk desk)
    {
        var actions = new List<ActionRecord>();
        long? before = null;
        for (var page = 0; page < 100; page++)
        {
            var batch = await desk.Operator.ListActionsBeforeAsync(GuardedDesk.AgentId, before, 500, Ct);
            actions.AddRange(batch);
            if (batch.Count < 500)
            {
                return actions;
            }

            before = batch[^1].Seq;
        }

        throw new InvalidOperationException("More than 50,000 actions: the loop was never cut.");
    }
}
