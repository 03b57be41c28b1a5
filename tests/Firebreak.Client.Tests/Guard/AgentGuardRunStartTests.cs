using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Registry;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardRunStartTests
{
    [Fact(Timeout = 30_000)]
    public async Task Normal_StartsTheRun()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"where is my order"}"""), "corr-9", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        Assert.NotNull(start.Run);
        Assert.Equal("corr-9", Assert.Single(await server.GuardRunsAsync()).CorrelationId);
    }

    [Fact(Timeout = 30_000)]
    public async Task Paused_HoldsTheInput_AndARedeliveredItemIsClaimedOnce()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Paused);

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"refund me"}"""), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Held, start.Outcome);
        Assert.Empty(await server.GuardRunsAsync());
        var held = start.HeldItem!;
        await server.Operator.ReleaseHeldAsync(held.Id, cancellationToken: TestContext.Current.CancellationToken);
        await foreach (var item in guard.ReadRedeliveredAsync(TestContext.Current.CancellationToken))
        {
            Assert.Equal(held.Id, item.Id);
            break;
        }

        var delivered = await server.HeldAsync(held.Id);
        Assert.Equal(HeldItemStatus.Delivered, delivered.Status);
        Assert.Equal("support-test", delivered.DeliveredTo);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(ControlMode.Fallback, RunStartOutcome.Fallback)]
    [InlineData(ControlMode.Killed, RunStartOutcome.Killed)]
    public async Task ContainedAgent_DoesNotStartARun(ControlMode mode, RunStartOutcome expected)
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), mode);

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected, start.Outcome);
        Assert.NotNull(start.Decision.Message);
        Assert.Empty(await server.GuardRunsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Fallback_ServesTheStaticResponseTheAgentDeclares_WithoutARun()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.StaticResponse, "We answer tickets by hand today.") };
        await using var server = await FirebreakServer.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Fallback);

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Fallback, start.Outcome);
        Assert.Equal("We answer tickets by hand today.", start.Fallback?.Message);
        Assert.Null(start.HeldItem);
        Assert.Empty(await server.GuardRunsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Fallback_HumanHandoff_HoldsTheInputForAPerson_InsteadOfARun()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.HumanHandoff, "A specialist will answer.") };
        await using var server = await FirebreakServer.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Fallback);

        var start = await guard.StartRunAsync(GuardFixture.Json("""{"message":"refund me"}"""), "corr-7", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunStartOutcome.Fallback, start.Outcome);
        Assert.Equal(FallbackKind.HumanHandoff, start.Fallback?.Kind);
        var held = await server.HeldAsync(start.HeldItem!.Id);
        Assert.Equal("refund me", held.Input.GetProperty("message").GetString());
        Assert.Equal("corr-7", held.CorrelationId);
        Assert.StartsWith("Human handoff: A specialist will answer.", held.Reason, StringComparison.Ordinal);
        Assert.Empty(await server.GuardRunsAsync());
    }

    [Fact(Timeout = 30_000)]
    public async Task Fallback_ReadOnlyTools_StartsTheRun_WhereReadsRunAndRiskyToolsAreBlocked()
    {
        var agent = GuardFixture.Support with { Fallback = new AgentFallback(FallbackKind.ReadOnlyTools) };
        await using var server = await FirebreakServer.StartAsync(agent);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Fallback);

        var start = await guard.StartRunAsync(GuardFixture.Json("{}"), cancellationToken: TestContext.Current.CancellationToken);
        var read = await guard.ExecuteAsync(new ToolCall("lookup_order", GuardFixture.Json("""{"order":"812"}"""), "f1"), _ => Task.FromResult(42), TestContext.Current.CancellationToken);
        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(GuardFixture.Refund("f2"), _ => Task.FromResult(0), TestContext.Current.CancellationToken));

        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        Assert.Equal(FallbackKind.ReadOnlyTools, start.Fallback?.Kind);
        Assert.Single(await server.GuardRunsAsync());
        Assert.Equal(42, read.Value);
        Assert.Contains("only read tools run in fallback", blocked.Message, StringComparison.Ordinal);
    }
}
