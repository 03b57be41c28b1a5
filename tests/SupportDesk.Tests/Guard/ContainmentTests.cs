using Firebreak.Control;
using Firebreak.Ledger;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// The demo end to end with real processes: the support agent works the backend's queue under its Firebreak guard,
/// and an operator's control change stops exactly what it names, confirmed by the agent's enforcement point.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class ContainmentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillingTheAgent_IsConfirmedByItsPoint_AndNoSideEffectFollows()
    {
        await using var desk = await GuardedDesk.StartAsync(200, Ct);
        var agent = desk.StartAgent("normal", tickets: 200, delayMs: 100, Ct);
        await desk.WaitForCountersAsync(c => c.TicketsClosed >= 3, agent, Ct);

        var change = await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: the support agent misbehaves", ControlMode.Killed, AgentId: GuardedDesk.AgentId),
            TimeSpan.FromSeconds(10),
            Ct);
        var atKill = await desk.Backend.CountersAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var later = await desk.Backend.CountersAsync(Ct);

        Assert.Equal(atKill, later);
        Assert.True(atKill.TicketsClosed < 200, $"The agent handled every ticket before the kill: {atKill}");
        var point = change.Confirmations.SingleOrDefault(c => c.PointId == GuardedDesk.PointIdOf(agent));
        Assert.True(point is { Confirmed: true }, $"The agent's point did not confirm epoch {change.Epoch}: {string.Join(", ", change.Confirmations)}\n{agent.Output}");
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        Assert.Contains("killed by Firebreak", agent.Output, StringComparison.Ordinal);

        // The agent flushed its records on exit, so the ledger holds what the backend did before the kill.
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var closed = actions.Where(a => a.Tool == SupportToolNames.CloseTicket && a.Outcome == ActionOutcome.Executed).ToList();
        Assert.Equal(later.TicketsClosed, closed.Count);
        var refund = Assert.Single(actions, a => a.Tool == SupportToolNames.IssueRefund && a.Outcome == ActionOutcome.Executed && a.Entities.Contains("order:o-3"));
        Assert.Equal(["customer:c-3", "order:o-3", "ticket:t-3"], refund.Entities);
        Assert.Equal("USD", refund.Currency);
        Assert.NotNull(refund.Amount);
    }

    [Fact]
    public async Task KillingOnlyTheRefundTool_StopsRefunds_WhileEmailsAndClosesContinue()
    {
        await using var desk = await GuardedDesk.StartAsync(40, Ct);
        var agent = desk.StartAgent("faulty", tickets: 40, delayMs: 100, Ct);
        await desk.WaitForCountersAsync(c => c.Refunds >= 3, agent, Ct);

        var change = await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Tools, "e2e: goodwill refunds on every ticket", ControlMode.Killed, AgentId: GuardedDesk.AgentId, Tools: [SupportToolNames.IssueRefund]),
            TimeSpan.FromSeconds(10),
            Ct);
        Assert.Contains(change.Confirmations, c => c.PointId == GuardedDesk.PointIdOf(agent) && c.Confirmed);
        var atKill = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        var final = await desk.Backend.CountersAsync(Ct);

        Assert.Equal(atKill.Refunds, final.Refunds);
        Assert.Equal(40, final.TicketsClosed);
        Assert.True(final.EmailsSent > atKill.EmailsSent, $"No email was sent after the refund tool was killed: {atKill} → {final}");
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        Assert.Contains(actions, a => a.Tool == SupportToolNames.IssueRefund && a.Outcome == ActionOutcome.Blocked);
    }

    [Fact]
    public async Task ShadowMode_KeepsRefundsOffTheBackend_WhileTheLedgerRecordsThem()
    {
        await using var desk = await GuardedDesk.StartAsync(6, Ct);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: watch the new release in shadow", ControlMode.Shadow, AgentId: GuardedDesk.AgentId),
            TimeSpan.Zero,
            Ct);

        var agent = desk.StartAgent("faulty", tickets: 6, delayMs: 0, Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));

        var counters = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(0, counters.Refunds);
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        Assert.Equal(6, actions.Count(a => a.Tool == SupportToolNames.IssueRefund && a.Outcome == ActionOutcome.Shadowed));
    }
}
