using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Firebreak.Held;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardRunStartTests
{
    [Fact(Timeout = 20_000)]
    public async Task Normal_StartsTheRun()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"where is my order"}"""), "corr-9", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        Assert.NotNull(start.Run);
        Assert.Equal("corr-9", Assert.Single(plane.Runs).CorrelationId);
    }

    [Fact(Timeout = 20_000)]
    public async Task Paused_HoldsTheInput_AndARedeliveredItemIsClaimedOnce()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Paused));

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"refund me"}"""), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Held, start.Outcome);
        Assert.Empty(plane.Runs);
        var held = start.HeldItem!;
        plane.Release(held.Id);
        await foreach (var item in guard.ReadRedeliveredAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal(held.Id, item.Id);
            break;
        }

        Assert.Equal(HeldItemStatus.Delivered, plane.Held(held.Id).Status);
        Assert.Equal("support-test", plane.Held(held.Id).DeliveredTo);
    }

    [Theory(Timeout = 20_000)]
    [InlineData(ControlMode.Fallback, RunStartOutcome.Fallback)]
    [InlineData(ControlMode.Killed, RunStartOutcome.Killed)]
    public async Task ContainedAgent_DoesNotStartARun(ControlMode mode, RunStartOutcome expected)
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), mode));

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected, start.Outcome);
        Assert.NotNull(start.Decision.Message);
        Assert.Empty(plane.Runs);
    }
}
