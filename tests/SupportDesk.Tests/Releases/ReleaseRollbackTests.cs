using System.Net;
using System.Text.Json;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Regression;
using Firebreak.Releases;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Releases;

/// <summary>
/// The release story end to end with a real Firebreak server and backend: the agent runs on the release Firebreak
/// routes it to, a faulty release makes it refund every ticket, the bad run becomes a regression case that keeps the
/// faulty release from being promoted again, and a rollback restores the good release without restarting the agent.
/// </summary>
public sealed class ReleaseRollbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FaultyRelease_RefundsWrongly_IsGatedByItsRegressionCase_AndRollbackStopsItWithoutRestart()
    {
        await using var desk = await GuardedDesk.StartAsync(300, Ct);
        var good = await desk.Operator.CreateReleaseAsync(SupportReleases.Good, Ct);
        var faulty = await desk.Operator.CreateReleaseAsync(SupportReleases.Faulty, Ct);
        await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(good.Id, "e2e: baseline"), TimeSpan.Zero, Ct);

        // The command line says "normal"; from here on the release decides what the agent does.
        var agent = desk.StartAgent("normal", tickets: 300, delayMs: 50, Ct);
        await desk.WaitForCountersAsync(c => c.TicketsClosed >= 3, agent, Ct);
        var point = GuardedDesk.PointIdOf(agent);

        var promoted = await desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(faulty.Id, "e2e: goodwill experiment"), TimeSpan.FromSeconds(10), Ct);
        Assert.Contains(promoted.Confirmations, c => c.PointId == point && c.Confirmed);
        var atFaulty = await desk.Backend.CountersAsync(Ct);
        await desk.WaitForCountersAsync(c => c.Refunds >= atFaulty.Refunds + 3, agent, Ct);

        // A goodwill refund on a ticket that never asked for one: the incident's first bad run.
        var incident = await desk.Operator.DeclareIncidentAsync(
            new DeclareIncidentRequest("Goodwill refunds on every ticket", [GuardedDesk.AgentId], FailureClass.ToolMisuse, "dana", "SEV2"), Ct);
        var badRun = await FirstGoodwillRunWithoutRefundRequestAsync(desk.Operator);
        var regression = await desk.Operator.CreateRegressionCaseAsync(
            new CreateRegressionCaseRequest(
                badRun,
                [
                    new RegressionAssertion(AssertionKind.MustNotCall, Tool: SupportToolNames.IssueRefund),
                    new RegressionAssertion(AssertionKind.MustCall, Tool: SupportToolNames.CloseTicket),
                    new RegressionAssertion(AssertionKind.MaxAmount, Tool: SupportToolNames.IssueRefund, Max: 0m),
                ],
                "goodwill refund on a question",
                incident.Incident.Id),
            Ct);
        Assert.Contains(regression.ToolCalls, c => c.Tool == SupportToolNames.IssueRefund && c.Result is not null);
        Assert.Contains(regression.ToolCalls, c => c.Tool == SupportToolNames.LookupOrder && c.Result is not null);

        var rollback = await desk.Operator.RollbackReleaseAsync(
            GuardedDesk.AgentId, new RollbackRequest("e2e: refund storm", IncidentId: incident.Incident.Id), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(good.Id, rollback.State.ActiveReleaseId);
        var confirmation = Assert.Single(rollback.Confirmations, c => c.PointId == point && c.Confirmed);
        // A run the point routed before it held the rollback may be recorded a moment after the activation: only runs
        // started once the point confirmed must be on the good release.
        var rolledBackAt = rollback.Activation.At + TimeSpan.FromMilliseconds(confirmation.LatencyMs ?? 0);
        var atRollback = await desk.Backend.CountersAsync(Ct);
        await desk.WaitForCountersAsync(c => c.TicketsClosed >= atRollback.TicketsClosed + 10, agent, Ct);

        // The faulty release's candidate replays fail the case; the good release passes it.
        var faultyReplay = await desk.ReplayAsync(faulty.Id, Ct);
        Assert.Equal(4, faultyReplay.ExitCode);
        Assert.Contains("must not call issue_refund", faultyReplay.Output, StringComparison.Ordinal);
        var goodReplay = await desk.ReplayAsync(good.Id, Ct);
        Assert.True(goodReplay.ExitCode == 0, goodReplay.Output);

        var refused = await Assert.ThrowsAsync<FirebreakApiException>(() =>
            desk.Operator.ActivateReleaseAsync(GuardedDesk.AgentId, new ActivateReleaseRequest(faulty.Id, "e2e: try again"), TimeSpan.Zero, Ct));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("goodwill refund on a question", refused.Detail, StringComparison.Ordinal);
        Assert.Equal(good.Id, (await desk.Operator.GetReleaseStateAsync(GuardedDesk.AgentId, Ct)).ActiveReleaseId);

        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: done", ControlMode.Killed, AgentId: GuardedDesk.AgentId), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));

        // One agent process throughout; every goodwill refund ran on the faulty release, and runs started after the
        // point confirmed the rollback ran on the good one.
        Assert.Equal(point, GuardedDesk.PointIdOf(agent));
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var goodwill = actions.Where(IsGoodwillRefund).ToList();
        Assert.True(goodwill.Count >= 3, $"Expected wrong refunds under the faulty release, found {goodwill.Count}");
        Assert.All(goodwill, a => Assert.Equal(faulty.Id, a.ReleaseId));
        var runs = await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var afterRollback = runs.Where(r => r.StartedAt > rolledBackAt).ToList();
        Assert.True(afterRollback.Count >= 10, $"Only {afterRollback.Count} runs started after the rollback");
        Assert.All(afterRollback, r => Assert.Equal(good.Id, r.Release.ReleaseId));

        var timeline = (await desk.Operator.GetIncidentAsync(incident.Incident.Id, Ct)).Timeline;
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Release && e.Text.Contains("rolled support back", StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Release && e.Text.StartsWith("1 of 1 enforcement points confirmed", StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Release && e.Text.Contains("captured regression case", StringComparison.Ordinal));
    }

    internal static async Task<string> FirstGoodwillRunWithoutRefundRequestAsync(FirebreakClient client)
    {
        // Refund records are flushed a moment after the backend acted; poll the ledger with a deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var actions = await client.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: deadline.Token);
            foreach (var refund in actions.Where(IsGoodwillRefund).OrderBy(a => a.Seq))
            {
                var trace = await client.GetTraceAsync(refund.RunId!, deadline.Token);
                var input = trace.Items.First(i => i.Kind == LedgerEntryKinds.Step && i.Payload.GetProperty("kind").GetString() == "input").Payload.GetProperty("data");
                var text = input.GetProperty("subject").GetString() + " " + input.GetProperty("body").GetString();
                if (!text.Contains("refund", StringComparison.OrdinalIgnoreCase))
                {
                    return refund.RunId!;
                }
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static bool IsGoodwillRefund(ActionRecord action) =>
        action.Tool == SupportToolNames.IssueRefund
        && action.Outcome == ActionOutcome.Executed
        && action.Arguments.TryGetProperty("reason", out var reason)
        && reason.ValueKind == JsonValueKind.String
        && reason.GetString() == "goodwill";
}
