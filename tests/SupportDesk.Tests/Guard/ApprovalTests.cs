using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Approvals;
using Firebreak.Client;
using Firebreak.Control;
using Firebreak.Ledger;
using SupportDesk.Agent.Desk;
using SupportDesk.Agent.Tools;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// Human approval end to end with real processes: with the support agent in <c>approval</c> mode its risky calls wait
/// in the approval queue, an operator decides them through the API as <c>firebreak approvals approve|deny</c> does, and
/// the backend sees exactly what was approved, once.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class ApprovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApprovalMode_HoldsTheRefundUntilAnOperatorApproves_ThenRunsItOnce_AndRefusesAReplayWithAnotherAmount()
    {
        await using var desk = await GuardedDesk.StartAsync(1, Ct);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: a human signs off every refund while the goodwill bug is open", ControlMode.Approval, AgentId: GuardedDesk.AgentId),
            TimeSpan.Zero,
            Ct);
        var agent = desk.StartAgent("faulty", tickets: 1, delayMs: 0, Ct);

        var refund = await desk.WaitForApprovalAsync(SupportToolNames.IssueRefund, agent, Ct);
        Assert.Equal(40m, refund.Amount);
        Assert.Equal(0, (await desk.Backend.CountersAsync(Ct)).Refunds);
        await desk.Operator.ApproveAsync(refund.Id, new ApprovalDecisionRequest("e2e: checked with the customer"), Ct);

        // The email and the close are risky too, so under agent-wide approval each waits for its own decision.
        await desk.Operator.ApproveAsync((await desk.WaitForApprovalAsync(SupportToolNames.SendEmail, agent, Ct)).Id, cancellationToken: Ct);
        await desk.Operator.ApproveAsync((await desk.WaitForApprovalAsync(SupportToolNames.CloseTicket, agent, Ct)).Id, cancellationToken: Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));
        var afterRun = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(new Counters(Refunds: 1, RefundedAmount: 40m, Reversals: 0, EmailsSent: 1, TicketsClosed: 1, TicketsReopened: 0), afterRun);

        // Someone holding the agent's key replays the approved call through an enforcement point of their own.
        await using var replayer = await desk.StartGuardAsync(Ct);
        var effects = 0;
        var backend = new DeskClient(desk.Backend);
        Func<CancellationToken, Task<DeskRefund>> RefundOf(decimal amount) => token =>
        {
            Interlocked.Increment(ref effects);
            return backend.IssueRefundAsync("o-1", amount, "USD", "replay", $"replay-{Guid.NewGuid():N}", "replay", token);
        };

        var changed = new ToolCall(SupportToolNames.IssueRefund, WithAmount(refund.Arguments, 400m), refund.IdempotencyKey) { RunId = refund.RunId };
        var refused = await Assert.ThrowsAsync<ToolBlockedException>(() => replayer.ExecuteAsync(changed, RefundOf(400m), Ct));
        Assert.Contains("other arguments", refused.Message, StringComparison.Ordinal);

        var identical = new ToolCall(SupportToolNames.IssueRefund, refund.Arguments, refund.IdempotencyKey) { RunId = refund.RunId };
        var again = await Record.ExceptionAsync(() => replayer.ExecuteAsync(identical, RefundOf(40m), Ct));
        Assert.True(again is ToolBlockedException or ToolDeniedException, $"An identical replay of the approved refund was not refused: {again}");

        Assert.Equal(0, effects);
        Assert.Equal(afterRun, await desk.Backend.CountersAsync(Ct));
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        var executed = Assert.Single(actions, a => a.IdempotencyKey == refund.IdempotencyKey);
        Assert.Equal(ActionOutcome.Executed, executed.Outcome);
        Assert.Equal(40m, executed.Amount);
    }

    [Fact]
    public async Task ApprovalMode_ADeniedRefund_NeverReachesTheBackend_WhileApprovedCallsRun()
    {
        await using var desk = await GuardedDesk.StartAsync(1, Ct);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: a human signs off every refund while the goodwill bug is open", ControlMode.Approval, AgentId: GuardedDesk.AgentId),
            TimeSpan.Zero,
            Ct);
        var agent = desk.StartAgent("faulty", tickets: 1, delayMs: 0, Ct);

        var refund = await desk.WaitForApprovalAsync(SupportToolNames.IssueRefund, agent, Ct);
        await desk.Operator.DenyAsync(refund.Id, new ApprovalDecisionRequest("e2e: goodwill refunds are the bug"), Ct);
        await desk.Operator.ApproveAsync((await desk.WaitForApprovalAsync(SupportToolNames.SendEmail, agent, Ct)).Id, cancellationToken: Ct);
        await desk.Operator.ApproveAsync((await desk.WaitForApprovalAsync(SupportToolNames.CloseTicket, agent, Ct)).Id, cancellationToken: Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));

        var counters = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(0, counters.Refunds);
        Assert.Equal(0m, counters.RefundedAmount);
        Assert.Equal(1, counters.EmailsSent);
        Assert.Equal(1, counters.TicketsClosed);
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        Assert.Equal(ActionOutcome.Denied, Assert.Single(actions, a => a.IdempotencyKey == refund.IdempotencyKey).Outcome);
    }

    [Fact]
    public async Task KillingTheAgent_WhileARefundWaitsForApproval_CancelsTheCall_AndTheRunEndsKilled()
    {
        await using var desk = await GuardedDesk.StartAsync(3, Ct);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Tools, "e2e: refunds need a human", ControlMode.Approval, AgentId: GuardedDesk.AgentId, Tools: [SupportToolNames.IssueRefund]),
            TimeSpan.Zero,
            Ct);
        var agent = desk.StartAgent("faulty", tickets: 3, delayMs: 0, Ct);
        var refund = await desk.WaitForApprovalAsync(SupportToolNames.IssueRefund, agent, Ct);

        var kill = await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: the support agent misbehaves", ControlMode.Killed, AgentId: GuardedDesk.AgentId),
            TimeSpan.FromSeconds(10),
            Ct);
        Assert.Contains(kill.Confirmations, c => c.PointId == GuardedDesk.PointIdOf(agent) && c.Confirmed);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));

        Assert.Contains("killed by Firebreak after 1 ticket(s)", agent.Output, StringComparison.Ordinal);
        var counters = await desk.Backend.CountersAsync(Ct);
        Assert.Equal(0, counters.Refunds);
        Assert.Equal(0, counters.EmailsSent);
        Assert.Equal(0, counters.TicketsClosed);
        var run = await desk.Operator.GetRunAsync(refund.RunId!, Ct);
        Assert.Equal(RunStatus.Killed, run.Status);
        var actions = await desk.Operator.ListActionsAsync(GuardedDesk.AgentId, limit: 500, cancellationToken: Ct);
        Assert.Equal(ActionOutcome.Blocked, Assert.Single(actions, a => a.IdempotencyKey == refund.IdempotencyKey).Outcome);
    }

    private static JsonElement WithAmount(JsonElement arguments, decimal amount)
    {
        var changed = JsonNode.Parse(arguments.GetRawText())!.AsObject();
        changed["amount"] = amount;
        return JsonSerializer.SerializeToElement(changed);
    }
}
