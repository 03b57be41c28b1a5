using Firebreak.Client.Tests.Infrastructure;
using Firebreak.Releases;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardReleaseTests
{
    private static readonly string Good = new('a', 64);
    private static readonly string Bad = new('b', 64);

    [Fact(Timeout = 20_000)]
    public async Task TheActiveRelease_ArrivesOnTheStream_AndEveryNewRunRecordsIt_SoARollbackNeedsNoRestart()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        Assert.Null(guard.ActiveReleaseId);

        await plane.WaitForAckAsync(plane.SetRelease(new ReleaseRouting("support", Bad)));
        await guard.StartRunAsync(GuardFixture.Json("{}"), "corr-1", cancellationToken: TestContext.Current.CancellationToken);
        await plane.WaitForAckAsync(plane.SetRelease(new ReleaseRouting("support", Good)));
        await guard.StartRunAsync(GuardFixture.Json("{}"), "corr-2", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Good, guard.ActiveReleaseId);
        Assert.Equal([Bad, Good], plane.Runs.Select(r => r.Release?.ReleaseId));
    }

    [Fact(Timeout = 20_000)]
    public async Task DuringARestore_TheRoutingKeyDecidesTheRelease_TheSameWayEveryTime()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        var routing = new ReleaseRouting("support", Good, Bad, 50);
        await plane.WaitForAckAsync(plane.SetRelease(routing));

        foreach (var customer in Enumerable.Range(0, 20).Select(i => $"customer-{i}"))
        {
            await guard.StartRunAsync(GuardFixture.Json("{}"), routingKey: customer, cancellationToken: TestContext.Current.CancellationToken);
        }

        var expected = Enumerable.Range(0, 20).Select(i => routing.ReleaseFor($"customer-{i}")).ToList();
        Assert.Equal(expected, plane.Runs.Select(r => r.Release?.ReleaseId));
        Assert.Contains(Good, expected);
        Assert.Contains(Bad, expected);
    }
}
