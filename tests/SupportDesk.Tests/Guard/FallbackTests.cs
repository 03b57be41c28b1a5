using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Registry;
using SupportDesk.Tests.Infrastructure;

namespace SupportDesk.Tests.Guard;

/// <summary>
/// Fallback end to end with real processes: the support agent declares a human handoff in
/// <c>samples/SupportDesk/registry.json</c>, so in <c>fallback</c> mode each new ticket goes to a person as a held item
/// and the agent itself touches nothing.
/// </summary>
[Collection(OneDeskAtATime.Name)]
public sealed class FallbackTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FallbackMode_HandsEachNewTicketToAHuman_AsAHeldItem_WithNoSideEffects()
    {
        await using var desk = await GuardedDesk.StartAsync(3, Ct);
        var registered = await desk.Operator.GetAgentAsync(GuardedDesk.AgentId, Ct);
        Assert.Equal(FallbackKind.HumanHandoff, registered.Fallback?.Kind);
        await desk.Operator.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Agent, "e2e: answers are wrong, people take over", ControlMode.Fallback, AgentId: GuardedDesk.AgentId),
            TimeSpan.Zero,
            Ct);

        var agent = desk.StartAgent("faulty", tickets: 3, delayMs: 0, Ct);
        Assert.Equal(0, await agent.ExitCodeAsync(Ct));

        Assert.Equal(new Counters(0, 0m, 0, 0, 0, 0), await desk.Backend.CountersAsync(Ct));
        var held = await desk.Operator.ListHeldAsync(HeldItemStatus.Held, GuardedDesk.AgentId, Ct);
        Assert.Equal(["t-1", "t-2", "t-3"], held.Select(h => h.Input.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(held, h => Assert.StartsWith("Human handoff: ", h.Reason, StringComparison.Ordinal));
        Assert.Equal(3, agent.Output.Split('\n').Count(line => line.Contains("fallback: handed off to a human as hld", StringComparison.Ordinal)));
        Assert.Empty(await desk.Operator.ListRunsAsync(GuardedDesk.AgentId, cancellationToken: Ct));
    }
}
