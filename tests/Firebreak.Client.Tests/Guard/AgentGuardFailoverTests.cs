using System.Globalization;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardFailoverTests
{
    /// <summary>
    /// Both nodes are real server processes; the first is killed with SIGKILL and the next runs on its database, as the
    /// nodes of a cluster share theirs, so it holds the same epoch and knows the point and its key. (Several live nodes
    /// on one PostgreSQL are covered by ThreeNodeFailoverTests in the server's tests.)
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task WhenItsNodeStops_TheGuardMovesToTheNextNode_ResumingFromItsEpoch_UnderTheSamePointId()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TempDirectory("firebreak-client-tests");
        var (process, settings, agentKey) = await FirebreakServer.StartProcessAsync(GuardFixture.Support, directory);
        await using var first = process;
        var nextUrl = ServiceProcess.FreeLoopbackAddress();
        using var streams = new StreamRequestLog();
        using var http = new HttpClient(streams) { Timeout = Timeout.InfiniteTimeSpan };
        await using var guard = await AgentGuard.StartAsync(
            new AgentGuardOptions
            {
                ServerUrls = [first.Address, nextUrl],
                HttpClient = http,
                ApiKey = agentKey,
                AgentId = GuardFixture.AgentId,
                PointId = "support-moving",
                ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            },
            ct);
        long epoch;
        using (var operatorClient = FirebreakClient.Create(first.Address, FirebreakServer.OperatorKey))
        {
            var change = await operatorClient.ChangeControlAsync(
                new ControlChangeRequest(ControlTarget.Tools, "game day", ControlMode.Killed, GuardFixture.AgentId, ["send_email"]), TimeSpan.FromSeconds(10), ct);
            Assert.Equal(0, change.Unconfirmed);
            epoch = change.Epoch;
        }

        await first.KillAsync(ct);
        await using var second = await ServiceProcess.StartServerAsync(settings, ct, address: nextUrl);
        using var nextOperator = FirebreakClient.Create(second.Address, FirebreakServer.OperatorKey);
        await GuardFixture.EventuallyAsync(async () => (await nextOperator.ListEnforcementPointsAsync(ct)).Any(p => p is { PointId: "support-moving", Connected: true }));

        Assert.Equal(second.Address, guard.Client.ServerUrl);
        Assert.Contains((second.Address, epoch.ToString(CultureInfo.InvariantCulture)), streams.Streams);
        Assert.Equal(epoch, guard.Epoch);
        Assert.Equal(GuardVerdict.Block, guard.Decide("send_email").Verdict);
    }

    [Fact]
    public async Task ServerUrls_ThatAreNotAbsolute_AreRefused()
    {
        var options = new AgentGuardOptions { AgentId = GuardFixture.AgentId, ServerUrls = [new Uri("/relative", UriKind.Relative)] };

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => AgentGuard.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("absolute", refused.Message, StringComparison.Ordinal);
    }
}
