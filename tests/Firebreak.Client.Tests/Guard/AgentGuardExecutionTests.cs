using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardExecutionTests
{
    [Fact(Timeout = 30_000)]
    public async Task Execute_RecordsPendingAndWaitsForItBeforeTheEffect_ThenExecuted()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        IReadOnlyList<string> ledgerWhenEffectRan = [];

        var result = await guard.ExecuteAsync(
            GuardFixture.Refund("k1"),
            async _ =>
            {
                ledgerWhenEffectRan = await server.LedgerAsync();
                return "refunded";
            },
            TestContext.Current.CancellationToken);

        Assert.False(result.IsShadowed);
        Assert.Equal("refunded", result.Value);
        Assert.Equal(["pending:k1"], ledgerWhenEffectRan);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Count == 2);
        Assert.Equal(["pending:k1", "executed:k1"], await server.LedgerAsync());
        Assert.Equal("refunded", (await server.ActionAsync("k1"))!.Result!.Value.GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task ReadTool_RunsThenIsRecordedExecuted()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var call = new ToolCall("lookup_order", GuardFixture.Json("""{"order":"812"}"""), "r1") { RunId = FirebreakServer.FixtureRunId };

        var result = await guard.ExecuteAsync(call, _ => Task.FromResult(42), TestContext.Current.CancellationToken);

        Assert.Equal(42, result.Value);
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("executed:r1"));
        Assert.DoesNotContain("pending:r1", await server.LedgerAsync());
    }

    [Fact]
    public async Task Snapshot_IsAcknowledgedWithItsEpochAfterItApplies()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);

        var change = await server.SetModeAsync(ControlScope.ForTool("support", "send_email"), ControlMode.Shadow);

        Assert.Equal(change.Epoch, guard.Epoch);
        Assert.Contains(change.Confirmations, c => c is { PointId: "support-test", Confirmed: true } && c.AppliedEpoch == change.Epoch);
        Assert.Equal(GuardVerdict.Shadow, guard.Decide("send_email").Verdict);
    }

    [Fact(Timeout = 30_000)]
    public async Task Shadow_RunsNoEffect_RecordsShadowedWithTheWouldBeArguments()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Shadow);
        var effectRan = false;

        var result = await guard.ExecuteAsync(
            GuardFixture.Refund("s1", 25m),
            _ =>
            {
                effectRan = true;
                return Task.FromResult("refunded");
            },
            TestContext.Current.CancellationToken);

        Assert.False(effectRan);
        Assert.True(result.IsShadowed);
        Assert.True(result.SimulatedResult.GetProperty("shadowed").GetBoolean());
        Assert.Equal("issue_refund", result.SimulatedResult.GetProperty("tool").GetString());
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Count == 1);
        Assert.Equal(["shadowed:s1"], await server.LedgerAsync());
        Assert.Equal(25m, (await server.ActionAsync("s1"))!.Arguments.GetProperty("amount").GetDecimal());
    }

    [Fact(Timeout = 30_000)]
    public async Task Shadow_UsesTheToolsConfiguredSimulatedResult()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(
            server,
            configure: o => o.ShadowResults["issue_refund"] = call => GuardFixture.Json("""{"status":"refund_queued"}"""));
        await server.SetModeAsync(ControlScope.ForAgent("support"), ControlMode.Shadow);

        var result = await guard.ExecuteAsync(GuardFixture.Refund("s2"), _ => Task.FromResult(0), TestContext.Current.CancellationToken);

        Assert.Equal("refund_queued", result.SimulatedResult.GetProperty("status").GetString());
    }

    [Fact(Timeout = 30_000)]
    public async Task ActionDetailsMapper_FillsEntitiesAndAmountOfTheRecord()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(
            server,
            configure: o => o.ActionDetails["issue_refund"] = args =>
                new ActionDetails([$"customer:{args.GetProperty("customer").GetString()}"], args.GetProperty("amount").GetDecimal(), "EUR"));

        await guard.ExecuteAsync(GuardFixture.Refund("m1", 12.5m), _ => Task.FromResult(true), TestContext.Current.CancellationToken);

        await GuardFixture.EventuallyAsync(async () => (await server.ActionAsync("m1"))?.Outcome == Ledger.ActionOutcome.Executed);
        var action = (await server.ActionAsync("m1"))!;
        Assert.Equal(["customer:47"], action.Entities);
        Assert.Equal(12.5m, action.Amount);
        Assert.Equal("EUR", action.Currency);
    }

    [Fact(Timeout = 30_000)]
    public async Task ReplayOfAnExecutedCall_IsRefused_AndDoesNotRunItsEffectAgain()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        ToolBlockedEventArgs? logged = null;
        guard.CallBlocked += (_, e) => logged = e;
        var runs = 0;
        await guard.ExecuteAsync(GuardFixture.Refund("once"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken);
        await GuardFixture.EventuallyAsync(async () => (await server.ActionAsync("once"))?.Outcome == Ledger.ActionOutcome.Executed);

        var replay = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(GuardFixture.Refund("once"), _ => Task.FromResult(Interlocked.Increment(ref runs)), TestContext.Current.CancellationToken));

        Assert.Equal(1, runs);
        Assert.Contains("runs at most once", replay.Message, StringComparison.Ordinal);
        Assert.Same(replay, logged?.Exception);
    }

    [Fact(Timeout = 30_000)]
    public async Task ARetryOfACallStillPending_IsRefused_BecauseItsEffectMayHaveRun()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var runs = 0;
        var first = guard.ExecuteAsync(
            GuardFixture.Refund("in-flight"),
            async _ =>
            {
                Interlocked.Increment(ref runs);
                started.SetResult();
                await release.Task;
                return true;
            },
            TestContext.Current.CancellationToken);
        await started.Task;

        var retry = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(GuardFixture.Refund("in-flight"), _ => Task.FromResult(Interlocked.Increment(ref runs) > 0), TestContext.Current.CancellationToken));
        release.SetResult();
        await first;

        Assert.Equal(1, runs);
        Assert.Contains("is already recorded as pending, so that call may have run", retry.Message, StringComparison.Ordinal);
    }
}
