using Firebreak.Client.Tests.Infrastructure;

namespace Firebreak.Client.Tests.Guard;

public sealed class AgentGuardStrictTests
{
    [Fact]
    public async Task TheStrictLevel_ArrivesOnTheStream_AndLeavesTheSameWay_WithoutARestart()
    {
        await using var server = await FirebreakServer.StartAsync(GuardFixture.Support);
        await using var guard = await GuardFixture.StartGuardAsync(server);
        Assert.False(guard.IsStrict);

        await server.SetStrictAsync(strict: true);
        var whileStrict = guard.IsStrict;
        await server.SetStrictAsync(strict: false);

        Assert.True(whileStrict);
        Assert.False(guard.IsStrict);
    }
}
