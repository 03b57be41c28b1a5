using System.Globalization;
using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Control;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardFailoverTests
{
    [Fact(Timeout = 30_000)]
    public async Task WhenItsNodeStops_TheGuardMovesToTheNextNode_ResumingFromItsEpoch_UnderTheSamePointId()
    {
        var first = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var second = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await AgentGuard.StartAsync(
            new AgentGuardOptions
            {
                ServerUrls = [first.Url, second.Url],
                ApiKey = "fbk_agent_test",
                AgentId = GuardFixture.AgentId,
                PointId = "support-moving",
                ReconnectMinDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
            },
            TestContext.Current.CancellationToken);
        // Nodes of one cluster share their epochs: the second holds the same change.
        var epoch = first.SetMode(ControlScope.ForTool(GuardFixture.AgentId, "send_email"), ControlMode.Killed);
        Assert.Equal(epoch, second.SetMode(ControlScope.ForTool(GuardFixture.AgentId, "send_email"), ControlMode.Killed));
        await first.WaitForAckAsync(epoch);

        await first.DisposeAsync();
        await GuardFixture.EventuallyAsync(() => second.OpenStreams == 1);

        Assert.Equal(second.Url, guard.Client.ServerUrl);
        Assert.Contains(epoch.ToString(CultureInfo.InvariantCulture), second.StreamLastEventIds);
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
