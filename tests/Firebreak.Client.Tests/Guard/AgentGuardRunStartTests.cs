using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Registry;

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

    [Fact(Timeout = 20_000)]
    public async Task Fallback_ServesTheStaticResponseTheAgentDeclares_WithoutARun()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.StaticResponse, "We answer tickets by hand today.") };
        await using var plane = await TestControlPlane.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Fallback));

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Fallback, start.Outcome);
        Assert.Equal("We answer tickets by hand today.", start.Fallback?.Message);
        Assert.Null(start.HeldItem);
        Assert.Empty(plane.Runs);
    }

    [Fact(Timeout = 20_000)]
    public async Task Fallback_HumanHandoff_HoldsTheInputForAPerson_InsteadOfARun()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.HumanHandoff, "A specialist will answer.") };
        await using var plane = await TestControlPlane.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Fallback));

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"refund me"}"""), "corr-7", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Fallback, start.Outcome);
        Assert.Equal(FallbackKind.HumanHandoff, start.Fallback?.Kind);
        var held = plane.Held(start.HeldItem!.Id);
        Assert.Equal("refund me", held.Input.GetProperty("message").GetString());
        Assert.Equal("corr-7", held.CorrelationId);
        Assert.StartsWith("Human handoff: A specialist will answer.", held.Reason, StringComparison.Ordinal);
        Assert.Empty(plane.Runs);
    }

    [Fact(Timeout = 20_000)]
    public async Task Fallback_ReadOnlyTools_StartsTheRun_WhereReadsRunAndRiskyToolsAreBlocked()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.ReadOnlyTools) };
        await using var plane = await TestControlPlane.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        await plane.WaitForAckAsync(plane.SetMode(ControlScope.ForAgent("support"), ControlMode.Fallback));

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);
        var read = await guard.ExecuteAsync(new ToolCall("lookup_order", GuardFixture.Json("""{"order":"812"}"""), "f1"), _ => Task.FromResult(42), TestContext.Current.CancellationToken);
        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(GuardFixture.Refund("f2"), _ => Task.FromResult(0), TestContext.Current.CancellationToken));

        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        Assert.Equal(FallbackKind.ReadOnlyTools, start.Fallback?.Kind);
        Assert.Single(plane.Runs);
        Assert.Equal(42, read.Value);
        Assert.Contains("only read tools run in fallback", blocked.Message, StringComparison.Ordinal);
    }
}
