using Firebreak.Client;
using Firebreak.Compensation;
using Firebreak.Incidents;
using Firebreak.Ledger;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Guard;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Compensation;

/// <summary>
/// The refund storm and its repair with real processes: the agent's faulty release refunds $40 on every ticket and
/// closes it; the operator reads the blast radius, plans, approves and executes the compensation, and the backend's
/// balances and tickets return exactly to where they were before the release ran.
/// </summary>
public sealed class CompensationEndToEndTests
{
    private const int Tickets = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFaultyReleasesEffects_AreUndoneOnce_AndTheBackendReturnsExactlyToItsStateBefore()
    {
        await using var desk = await GuardedDesk.StartAsync(Tickets, Ct);
        var before = await DeskState.ReadAsync(desk.Backend, Tickets, Ct);
        var declared = await desk.Operator.DeclareIncidentAsync(
            new DeclareIncidentRequest("Goodwill refunds on every ticket", [GuardedDesk.AgentId], FailureClass.ToolMisuse, "dana", "SEV2", DateTimeOffset.UtcNow.AddSeconds(-1)),
            Ct);
        var incident = declared.Incident.Id;

        var agent = desk.StartAgent("faulty", Tickets, delayMs: 0, Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        var harmed = await desk.Backend.CountersAsync(Ct);
        var radius = await desk.Operator.GetBlastRadiusAsync(
            new BlastRadiusRequest(new BlastRadiusSelection(Tools: [SupportToolNames.IssueRefund], Outcomes: [ActionOutcome.Executed], IncidentId: incident)), Ct);

        var plan = await desk.Operator.PlanCompensationAsync(new CompensationPlanRequest(new BlastRadiusSelection(IncidentId: incident), MaxConcurrency: 4), Ct);
        await desk.Operator.ApproveCompensationAsync(plan.Run.Id, Ct);
        await desk.Operator.ExecuteCompensationAsync(plan.Run.Id, Ct);
        var done = await WaitForCompletionAsync(desk.Operator, plan.Run.Id);
        var after = await DeskState.ReadAsync(desk.Backend, Tickets, Ct);
        var repaired = await desk.Backend.CountersAsync(Ct);
        var again = await desk.Operator.PlanCompensationAsync(new CompensationPlanRequest(new BlastRadiusSelection(IncidentId: incident)), Ct);
        var mitigations = await desk.Operator.ListMitigationsAsync(runId: plan.Run.Id, cancellationToken: Ct);
        var timeline = (await desk.Operator.GetIncidentAsync(incident, Ct)).Timeline;

        Assert.True(harmed.Refunds >= Tickets, $"The faulty release refunded {harmed.Refunds} times on {Tickets} tickets.");
        Assert.Equal(harmed.Refunds, radius.Summary.Actions);
        Assert.Contains(new EntityCount("ticket", Tickets), radius.Summary.Entities);
        Assert.Equal(harmed.RefundedAmount, Assert.Single(radius.Summary.Money).Amount);
        Assert.All(plan.Items.Where(i => i.Tool == SupportToolNames.IssueRefund || i.Tool == SupportToolNames.CloseTicket), i => Assert.Equal(CompensationKind.Http, i.Kind));
        Assert.All(plan.Items.Where(i => i.Tool == SupportToolNames.SendEmail), i => Assert.Equal(CompensationKind.Mitigation, i.Kind));

        Assert.Empty(done.Failed);
        Assert.Empty(done.Integrity.Mismatches);
        Assert.Equal(harmed.Refunds + harmed.TicketsClosed, done.Integrity.Verified);
        Assert.Equal(harmed.Refunds, repaired.Reversals);
        Assert.Equal(harmed.TicketsClosed, repaired.TicketsReopened);
        Assert.Equal(before.RefundedTotals, after.RefundedTotals);
        Assert.Equal(before.TicketStatuses, after.TicketStatuses);
        Assert.Equal(harmed.EmailsSent, mitigations.Count);
        Assert.All(mitigations, m => Assert.Equal("customer-success", m.Owner));

        Assert.Empty(again.Items);
        Assert.Equal(done.Items.Count, again.AlreadyCompensated.Count);
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Compensation && e.Text.Contains("approved", StringComparison.Ordinal));
        Assert.Contains(timeline, e => e.Kind == TimelineKind.Compensation && e.Text.Contains("completed", StringComparison.Ordinal));
    }

    internal static async Task<CompensationRunDetail> WaitForCompletionAsync(FirebreakClient client, string runId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(90));
        while (true)
        {
            var detail = await client.GetCompensationAsync(runId, deadline.Token);
            if (detail.Run.Status == CompensationRunStatus.Completed)
            {
                return detail;
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
