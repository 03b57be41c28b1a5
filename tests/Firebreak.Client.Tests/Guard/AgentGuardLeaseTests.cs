using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardLeaseTests
{
    [Fact(Timeout = 20_000)]
    public async Task StaleLease_BlocksRiskyTools_RunsReadTools_AndRecordsTheBlock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support, leaseTtlMs: 5000);
        await using var guard = await GuardFixture.StartGuardAsync(plane, time);
        Assert.Equal(LeaseState.Fresh, guard.LeaseState);

        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(LeaseState.Stale, guard.LeaseState);
        var risky = guard.Decide("issue_refund");
        Assert.Equal(GuardVerdict.Block, risky.Verdict);
        Assert.True(risky.FailedClosed);
        var blocked = await Assert.ThrowsAsync<ToolBlockedException>(() => guard.ExecuteAsync(GuardFixture.Refund("s1"), _ => Task.FromResult(0), TestContext.Current.CancellationToken));
        Assert.Contains("stale", blocked.Message, StringComparison.Ordinal);
        var read = await guard.ExecuteAsync(
            new ToolCall("lookup_order", GuardFixture.Json("""{"order":"812"}"""), "r1"),
            _ => Task.FromResult("shipped"),
            TestContext.Current.CancellationToken);
        Assert.Equal("shipped", read.Value);
        await GuardFixture.EventuallyAsync(() => plane.Ledger.Contains("blocked:s1"));
    }

    [Fact]
    public async Task Heartbeat_RenewsTheLease()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support, leaseTtlMs: 5000);
        await using var guard = await GuardFixture.StartGuardAsync(plane, time);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(LeaseState.Stale, guard.LeaseState);

        plane.Heartbeat();

        await GuardFixture.EventuallyAsync(() => guard.LeaseState == LeaseState.Fresh);
        Assert.True(guard.Decide("issue_refund").IsExecute);
    }

    [Fact]
    public async Task Lease_RecoversWhenTheStreamReturns_ResumingFromTheLastEventId()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support, leaseTtlMs: 5000);
        await using var guard = await GuardFixture.StartGuardAsync(plane, time);
        var epoch = plane.SetMode(ControlScope.ForTool("support", "send_email"), ControlMode.Shadow);
        await plane.WaitForAckAsync(epoch);

        plane.RefuseStreams = true;
        plane.DropStreams();
        await GuardFixture.EventuallyAsync(() => plane.OpenStreams == 0);
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(LeaseState.Stale, guard.LeaseState);
        Assert.False(guard.Decide("issue_refund").IsExecute);

        plane.RefuseStreams = false;
        await GuardFixture.EventuallyAsync(() => plane.OpenStreams == 1, time);
        plane.Heartbeat();

        await GuardFixture.EventuallyAsync(() => guard.LeaseState == LeaseState.Fresh);
        Assert.True(guard.Decide("issue_refund").IsExecute);
        Assert.Equal(epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), plane.StreamLastEventIds.Last());
    }
}
