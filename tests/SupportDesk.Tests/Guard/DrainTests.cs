using System.Net.Http.Json;
using Firebreak.Control;
using Firebreak.Held;
using SupportDesk.Agent.Desk;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// Drain end to end with real processes: a paused support agent holds each new ticket as a held item instead of
/// running it; an operator releases some (Firebreak re-delivers them to the agent over its control stream, and the
/// agent runs each once) and discards the rest (they are never processed).
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class DrainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PausedAgent_HoldsNewTickets_ReleaseRedeliversThemOnce_AndDiscardLeavesTheTicketUntouched()
    {
        await using var desk = await GuardedDesk.StartAsync(4, Ct);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: drain the support agent", ControlMode.Paused, AgentId: GuardedDesk.AgentId),
            TimeSpan.Zero,
            Ct);
        var agent = desk.StartAgent("normal", tickets: 4, delayMs: 0, Ct, "--follow");

        var held = await desk.WaitForHeldAsync(4, agent, Ct);
        await agent.WaitForLineAsync(line => line.StartsWith("following", StringComparison.Ordinal), Ct);
        Assert.Equal(new Counters(0, 0m, 0, 0, 0, 0), await desk.Backend.CountersAsync(Ct));
        var byTicket = held.ToDictionary(h => h.Input.GetProperty("id").GetString()!, StringComparer.Ordinal);
        Assert.Equal(["t-1", "t-2", "t-3", "t-4"], byTicket.Keys.Order(StringComparer.Ordinal));

        var resume = await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: the cause is fixed", ControlMode.Normal, AgentId: GuardedDesk.AgentId),
            TimeSpan.FromSeconds(10),
            Ct);
        Assert.Contains(resume.Confirmations, c => c.PointId == GuardedDesk.PointIdOf(agent) && c.Confirmed);
        string[] released = ["t-1", "t-2", "t-3"];
        foreach (var ticket in released)
        {
            await desk.Operator.ReleaseHeldAsync(byTicket[ticket].Id, new HeldDecisionRequest("e2e: safe to answer"), Ct);
        }

        await desk.Operator.DiscardHeldAsync(byTicket["t-4"].Id, new HeldDecisionRequest("e2e: answered by a person"), Ct);
        foreach (var ticket in released)
        {
            await agent.WaitForLineAsync(line => line.StartsWith($"released {byTicket[ticket].Id} ticket={ticket} ", StringComparison.Ordinal), Ct);
        }

        Assert.Equal(0, await agent.StopAsync(Ct));

        // t-3 asks a refund for a damaged item (80 USD); t-1 and t-2 get an answer; each is emailed and closed once.
        Assert.Equal(new Counters(Refunds: 1, RefundedAmount: 80m, Reversals: 0, EmailsSent: 3, TicketsClosed: 3, TicketsReopened: 0), await desk.Backend.CountersAsync(Ct));
        var discarded = await desk.Backend.GetFromJsonAsync<DeskTicket>(new Uri("/tickets/t-4", UriKind.Relative), DeskHttp.Json, Ct);
        Assert.Equal("open", discarded!.Status);
        var items = await desk.Operator.ListHeldAsync(agentId: GuardedDesk.AgentId, cancellationToken: Ct);
        Assert.All(released, ticket =>
        {
            var item = items.Single(i => i.Id == byTicket[ticket].Id);
            Assert.Equal(HeldItemStatus.Delivered, item.Status);
            Assert.Equal(GuardedDesk.PointIdOf(agent), item.DeliveredTo);
        });
        Assert.Equal(HeldItemStatus.Discarded, items.Single(i => i.Id == byTicket["t-4"].Id).Status);
    }
}
