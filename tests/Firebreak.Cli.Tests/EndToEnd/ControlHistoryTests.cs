using Firebreak.Client;
using Firebreak.Control;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary>The SDK reads the control history the server writes.</summary>
public sealed class ControlHistoryTests(CliServer server) : IClassFixture<CliServer>
{
    [Fact]
    public async Task ControlHistory_ListsEachChangeWithItsEpochAndLedgerEntry()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var kill = await client.ChangeControlAsync(new ControlChangeRequest(ControlTarget.Agent, "history test", ControlMode.Killed, "support"), TimeSpan.Zero, ct);

        var history = await client.ListControlChangesAsync("support", cancellationToken: ct);

        var recorded = Assert.Single(history, h => h.Epoch == kill.Epoch);
        Assert.True(recorded.LedgerSeq > 0);
        Assert.Equal("history test", recorded.Change.Reason);
    }
}
