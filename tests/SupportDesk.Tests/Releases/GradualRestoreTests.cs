using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Releases;
using SupportDesk.Tests.Guard;

namespace SupportDesk.Tests.Releases;

/// <summary>
/// Gradual restore end to end with a real Firebreak server and backend: the agent keeps working its queue while
/// Firebreak routes a growing share of its runs to a candidate release and judges each stage from the ledger.
/// </summary>
public sealed class GradualRestoreTests
{
    // Long enough for the 10 % stage to see a few candidate runs at the sample's pace of about five tickets a second.
    private static readonly TimeSpan Stage = TimeSpan.FromSeconds(8);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFaultyCanary_AbortsAtTenPercentAndRollsBack_WhileAFixedCanary_AdvancesToActive()
    {
        // Enough queued work to outlast both restores on a fast machine: the agent must still be running at the end.
        await using var desk = await GuardedDesk.StartAsync(5000, Ct);
        var good = await desk.Operator.CreateReleaseAsync(SupportReleases.Good, Ct);
        var faulty = await desk.Operator.CreateReleaseAsync(SupportReleases.Faulty, Ct);
        var fixedRelease = await desk.Operator.CreateReleaseAsync(SupportReleases.Fixed, Ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(good.Id, "e2e: baseline"), TimeSpan.Zero, Ct);
        var agent = desk.StartAgent("normal", tickets: 5000, delayMs: 10, Ct);
        await desk.WaitForCountersAsync(c => c.TicketsClosed >= 3, agent, Ct);

        var canary = await desk.Operator.StartRestoreAsync(GuardedDesk.AgentId, new RestoreRequest(faulty.Id, "e2e: try the goodwill prompt", Interval: Stage), Ct);
        var aborted = await WaitForAsync(desk, canary.Id, RestoreStatus.Aborted, agent);

        var abort = aborted.Decisions[^1];
        Assert.Equal((RestoreVerdict.Abort, 10, "restore"), (abort.Verdict, abort.Percent, abort.Actor));
        Assert.Contains("refund rate", abort.Reason, StringComparison.Ordinal);
        // Every faulty run refunds; the one run the agent has in flight when the stage is judged may not have yet.
        Assert.True(abort.Metrics!.CandidateFinancialRuns >= abort.Metrics.CandidateRuns - 1, $"Every faulty run refunds: {abort.Metrics}");
        var afterAbort = await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, Ct);
        Assert.Equal((good.Id, (string?)null, 0), (afterAbort.ActiveReleaseId, afterAbort.CandidateReleaseId, afterAbort.CandidatePercent));

        var restore = await desk.Operator.StartRestoreAsync(GuardedDesk.AgentId, new RestoreRequest(fixedRelease.Id, "e2e: restore the fix", Interval: Stage), Ct);
        var completed = await WaitForAsync(desk, restore.Id, RestoreStatus.Completed, agent);

        Assert.Equal([10, 25, 50], completed.Decisions.Select(d => d.Percent));
        Assert.All(completed.Decisions, d => Assert.Equal(RestoreVerdict.Advance, d.Verdict));
        var state = await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, Ct);
        Assert.Equal((fixedRelease.Id, good.Id, (string?)null), (state.ActiveReleaseId, state.LastKnownGoodReleaseId, state.CandidateReleaseId));
        var history = await desk.Operator.ListActivationsAsync(GuardedDesk.AgentId, cancellationToken: Ct);
        Assert.Equal(
            [ActivationKind.RestoreComplete, ActivationKind.RestoreStep, ActivationKind.RestoreStep, ActivationKind.RestoreStep, ActivationKind.RestoreAbort, ActivationKind.RestoreStep, ActivationKind.Activate],
            history.Select(h => h.Kind));
        // The agent learns of the completion from its next snapshot; it must start a run of the fix before it is stopped.
        await WaitForRunAsync(desk, r => r.Release.ReleaseId == fixedRelease.Id && r.StartedAt > completed.Decisions[^1].At, agent);

        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: done", ControlMode.Killed, AgentId: GuardedDesk.AgentId), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        var runs = await AllRunsAsync(desk);
        Assert.True(
            runs.Exists(r => r.Release.ReleaseId == faulty.Id),
            $"No run of the faulty release among {runs.Count} runs (releases: {string.Join(", ", runs.GroupBy(r => r.Release.ReleaseId).Select(g => $"{g.Key?[..8]} x{g.Count()}"))}); the abort counted {abort.Metrics}");
        Assert.Contains(runs, r => r.Release.ReleaseId == fixedRelease.Id && r.StartedAt > completed.Decisions[^1].At);
    }

    /// <summary>
    /// Every run of the agent, paged newest first: a fast machine runs more tickets than one page holds. Runs started
    /// in one ledger batch share their start time and <c>before</c> is exclusive, so each page starts again at the last
    /// start time it saw (one millisecond later) and runs already read are skipped by id.
    /// </summary>
    private static async Task<List<RunRecord>> AllRunsAsync(GuardedDesk desk)
    {
        var runs = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        DateTimeOffset? before = null;
        while (await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, limit: 500, before: before, cancellationToken: Ct) is { Count: > 0 } page)
        {
            var added = page.Count(run => runs.TryAdd(run.Id, run));
            if (added == 0)
            {
                break;
            }

            before = page[^1].StartedAt.AddMilliseconds(1);
        }

        return [.. runs.Values];
    }

    private static async Task WaitForRunAsync(GuardedDesk desk, Func<RunRecord, bool> match, GuardedAgent agent)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!(await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, limit: 50, cancellationToken: deadline.Token)).Any(match))
        {
            Assert.False(agent.Run.IsCompleted, $"The agent stopped before it ran the restored release:\n{agent.Output}\n{agent.Error}");
            await Task.Delay(200, deadline.Token);
        }
    }

    private static async Task<Restore> WaitForAsync(GuardedDesk desk, string restoreId, RestoreStatus status, GuardedAgent agent)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(150));
        Restore restore;
        do
        {
            Assert.False(agent.Run.IsCompleted, $"The agent stopped before the restore ended:\n{agent.Output}\n{agent.Error}");
            await Task.Delay(200, deadline.Token);
            restore = await desk.Operator.GetRestoreAsync(restoreId, deadline.Token);
        }
        while (restore.Status != status && restore.Status is RestoreStatus.Running);

        Assert.True(restore.Status == status, $"Restore ended {restore.Status}, expected {status}: {string.Join("; ", restore.Decisions.Select(d => $"{d.Percent}% {d.Verdict} {d.Reason} {d.Metrics}"))}");
        return restore;
    }
}
