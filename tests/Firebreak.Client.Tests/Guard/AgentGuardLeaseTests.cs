using System.Globalization;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Client.Tests.Guard;

/// <summary>
/// The guard's lease against the real server. Both run on fake clocks: the server's stays frozen, so it sends a
/// heartbeat only when the test moves its clock (or a stream connects), and the guard's lease runs out only when the
/// test moves the guard's clock, however slowly a loaded machine runs the test.
/// </summary>
public sealed class AgentGuardLeaseTests
{
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(5);

    [Fact(Timeout = 30_000)]
    public async Task StaleLease_BlocksRiskyTools_RunsReadTools_AndRecordsTheBlock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support, LeaseTtl, new FakeTimeProvider(time.GetUtcNow()));
        await using var guard = await GuardFixture.StartGuardAsync(server, time);
        Assert.Equal(LeaseState.Fresh, guard.LeaseState);

        time.Advance(LeaseTtl);

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
        await GuardFixture.EventuallyAsync(async () => (await server.LedgerAsync()).Contains("blocked:s1"));
    }

    [Fact]
    public async Task Heartbeat_RenewsTheLease()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var serverTime = new FakeTimeProvider(time.GetUtcNow());
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support, LeaseTtl, serverTime);
        await using var guard = await GuardFixture.StartGuardAsync(server, time);
        time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseState.Stale, guard.LeaseState);

        // The server heartbeats every third of the lease on its own clock.
        serverTime.Advance(LeaseTtl / 3);

        await GuardFixture.EventuallyAsync(() => guard.LeaseState == LeaseState.Fresh);
        Assert.True(guard.Decide("issue_refund").IsExecute);
    }

    /// <summary>The server is a real process killed with SIGKILL and started again on the same address and database.</summary>
    [Fact]
    public async Task Lease_RecoversWhenTheServerComesBack_ResumingFromTheLastEventId()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        using var directory = new TempDirectory("firebreak-client-tests");
        var (process, _, agentKey) = await FirebreakServer.StartProcessAsync(GuardFixture.Support, directory);
        await using var server = process;
        using var streams = new StreamRequestLog();
        using var http = new HttpClient(streams) { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        await using var guard = await GuardFixture.StartGuardAsync(server.Address, agentKey, time, http: http);
        using var operatorClient = FirebreakClient.Create(server.Address, FirebreakServer.OperatorKey);
        var change = await operatorClient.ChangeControlAsync(
            new ControlChangeRequest(ControlTarget.Tools, "game day", ControlMode.Shadow, GuardFixture.AgentId, ["send_email"]), TimeSpan.FromSeconds(10), ct);
        Assert.Equal(0, change.Unconfirmed);

        await server.KillAsync(ct);
        time.Advance(LeaseTtl + TimeSpan.FromSeconds(1));
        Assert.Equal(LeaseState.Stale, guard.LeaseState);
        Assert.False(guard.Decide("issue_refund").IsExecute);

        await server.RestartAsync(ct);
        await GuardFixture.EventuallyAsync(() => guard.LeaseState == LeaseState.Fresh, time);

        Assert.True(guard.Decide("issue_refund").IsExecute);
        Assert.Equal(change.Epoch, guard.Epoch);
        Assert.Equal(change.Epoch.ToString(CultureInfo.InvariantCulture), streams.Streams.Last().LastEventId);
    }
}
