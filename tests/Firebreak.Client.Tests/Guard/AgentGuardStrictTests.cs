using Firebreak.Client.Tests.Infrastructure;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardStrictTests
{
    [Fact(Timeout = 20_000)]
    public async Task TheStrictLevel_ArrivesOnTheStream_AndLeavesTheSameWay_WithoutARestart()
    {
        await using var plane = await TestControlPlane.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(plane);
        Assert.False(guard.IsStrict);

        await plane.WaitForAckAsync(plane.SetStrict(strict: true)).WaitAsync(TestContext.Current.CancellationToken);
        var whileStrict = guard.IsStrict;
        await plane.WaitForAckAsync(plane.SetStrict(strict: false)).WaitAsync(TestContext.Current.CancellationToken);

        Assert.True(whileStrict);
        Assert.False(guard.IsStrict);
    }
}
