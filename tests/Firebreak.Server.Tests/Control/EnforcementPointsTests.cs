using Firebreak.Server.Control;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Control;

public sealed class EnforcementPointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly EnforcementPoints _points = new(TimeProvider.System, Options.Create(new ControlOptions()));

    private static readonly HashSet<string> Support = new(["support"], StringComparer.Ordinal);

    [Fact]
    public async Task APointThatAcknowledgedAndThenDisconnected_StillCountsAsConfirmed()
    {
        // An agent obeys a kill by exiting: its ack can arrive, and its stream close, before the change starts waiting.
        var point = _points.Connect("support-1", "support", "host-a", "1.0");
        _points.Acknowledge(point, 7);
        point.Disconnect();

        var confirmations = await _points.WaitForConfirmationsAsync(7, Support, TimeProvider.System.GetTimestamp(), TimeSpan.FromSeconds(1), Ct);

        var confirmation = Assert.Single(confirmations);
        Assert.Equal("support-1", confirmation.PointId);
        Assert.True(confirmation.Confirmed);
    }

    [Fact]
    public async Task APointThatDisconnectedBeforeTheEpoch_IsNotAwaitedOrListed()
    {
        var gone = _points.Connect("support-old", "support", "host-a", "1.0");
        _points.Acknowledge(gone, 6);
        gone.Disconnect();
        var live = _points.Connect("support-new", "support", "host-b", "1.0");
        var pushedAt = TimeProvider.System.GetTimestamp();

        var waiting = _points.WaitForConfirmationsAsync(7, Support, pushedAt, TimeSpan.FromSeconds(30), Ct);
        _points.Acknowledge(live, 7);
        var confirmations = await waiting;

        var confirmation = Assert.Single(confirmations);
        Assert.Equal("support-new", confirmation.PointId);
        Assert.True(confirmation.Confirmed);
    }

    [Fact]
    public async Task AConnectedPointThatNeverAcknowledges_IsReportedUnconfirmed_WhenTheWaitEnds()
    {
        _points.Connect("support-1", "support", "host-a", "1.0");

        var confirmations = await _points.WaitForConfirmationsAsync(7, Support, TimeProvider.System.GetTimestamp(), TimeSpan.FromMilliseconds(50), Ct);

        var confirmation = Assert.Single(confirmations);
        Assert.False(confirmation.Confirmed);
        Assert.Null(confirmation.LatencyMs);
    }
}
