using Firebreak.Server.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Server.Tests.Control;

public sealed class EnforcementPointsTests
{
    private const string OwnerKey = "key_owner";
    private const string OtherKey = "key_other";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HashSet<string> Support = new(["support"], StringComparer.Ordinal);

    private readonly EnforcementPoints _points = Create(TimeProvider.System);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-03-01T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static EnforcementPoints Create(TimeProvider time, ControlOptions? options = null) =>
        new(time, Options.Create(options ?? new ControlOptions()), NullLogger<EnforcementPoints>.Instance);

    private static EnforcementPoint Connect(EnforcementPoints points, string pointId, string keyId = OwnerKey, string? agentId = "support", string? host = "host-a")
    {
        Assert.Equal(PointRegistration.Connected, points.TryConnect(pointId, keyId, agentId, host, "1.0", out var point));
        return point!;
    }

    [Fact]
    public async Task APointThatAcknowledgedAndThenDisconnected_StillCountsAsConfirmed()
    {
        // An agent obeys a kill by exiting: its ack can arrive, and its stream close, before the change starts waiting.
        var point = Connect(_points, "support-1");
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
        var gone = Connect(_points, "support-old");
        _points.Acknowledge(gone, 6);
        gone.Disconnect();
        var live = Connect(_points, "support-new", host: "host-b");
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
        Connect(_points, "support-1");

        var confirmations = await _points.WaitForConfirmationsAsync(7, Support, TimeProvider.System.GetTimestamp(), TimeSpan.FromMilliseconds(50), Ct);

        var confirmation = Assert.Single(confirmations);
        Assert.False(confirmation.Confirmed);
        Assert.Null(confirmation.LatencyMs);
    }

    [Fact]
    public void AnotherKey_CannotTakeOverAConnectedPoint_AndTheEntryStaysAsItWas()
    {
        var points = Create(_time);
        var real = Connect(points, "support-1");
        points.Acknowledge(real, 3);

        var taken = points.TryConnect("support-1", OtherKey, "support", "attacker", "6.6.6", out var takeover);

        Assert.Equal(PointRegistration.OwnedByAnotherKey, taken);
        Assert.Null(takeover);
        Assert.Same(real, points.Find("support-1"));
        Assert.Equal(3, real.AppliedEpoch);
        Assert.True(real.Connected);
        Assert.Equal("host-a", Assert.Single(points.List()).Host);
    }

    [Fact]
    public void AnotherKey_CannotTakeOverADisconnectedPoint_BeforeItsRetentionEnds()
    {
        var points = Create(_time, new ControlOptions { PointRetention = TimeSpan.FromSeconds(30) });
        var real = Connect(points, "support-1");
        real.Disconnect();
        _time.Advance(TimeSpan.FromSeconds(29));

        var taken = points.TryConnect("support-1", OtherKey, "support", "attacker", "6.6.6", out _);

        Assert.Equal(PointRegistration.OwnedByAnotherKey, taken);
        Assert.Same(real, points.Find("support-1"));
    }

    [Fact]
    public void TheOwnerReconnecting_ReplacesItsOwnEntry()
    {
        var points = Create(_time);
        var first = Connect(points, "support-1");
        first.Disconnect();

        var second = Connect(points, "support-1", host: "host-b");

        Assert.NotSame(first, second);
        Assert.Same(second, points.Find("support-1"));
        Assert.True(Assert.Single(points.List()).Connected);
    }

    [Fact]
    public void AnAcknowledgementFromAnotherKey_IsRefused_AndChangesNothing()
    {
        var points = Create(_time);
        var real = Connect(points, "support-1");

        var foreign = points.TryAcknowledge(real, OtherKey, 5);
        var own = points.TryAcknowledge(real, OwnerKey, 4);

        Assert.False(foreign);
        Assert.True(own);
        Assert.Equal(4, real.AppliedEpoch);
    }

    [Fact]
    public void ADisconnectedPoint_ExpiresAfterTheRetention_AndItsIdIsFreeAgain()
    {
        var points = Create(_time, new ControlOptions { PointRetention = TimeSpan.FromSeconds(30) });
        var gone = Connect(points, "support-1");
        gone.Disconnect();
        _time.Advance(TimeSpan.FromSeconds(30));

        var listed = points.List();
        var found = points.Find("support-1");
        var reused = points.TryConnect("support-1", OtherKey, "support", "host-b", "1.0", out var point);

        Assert.Empty(listed);
        Assert.Null(found);
        Assert.Equal(PointRegistration.Connected, reused);
        Assert.Equal(OtherKey, point!.OwnerKeyId);
    }

    [Fact]
    public void AConnectedPoint_NeverExpires_HoweverLongItIsSilent()
    {
        var points = Create(_time, new ControlOptions { PointRetention = TimeSpan.FromSeconds(30) });
        var live = Connect(points, "support-1");
        _time.Advance(TimeSpan.FromHours(2));

        var taken = points.TryConnect("support-1", OtherKey, "support", "attacker", "6.6.6", out _);

        Assert.Equal(PointRegistration.OwnedByAnotherKey, taken);
        Assert.Same(live, points.Find("support-1"));
        Assert.Single(points.List());
    }

    [Fact]
    public void AtTheBound_ANewPointEvictsTheDisconnectedPointHeardFromLongestAgo()
    {
        var points = Create(_time, new ControlOptions { MaxPoints = 3, PointRetention = TimeSpan.FromMinutes(10) });
        var oldest = Connect(points, "p-1");
        _time.Advance(TimeSpan.FromSeconds(1));
        var newer = Connect(points, "p-2");
        _time.Advance(TimeSpan.FromSeconds(1));
        Connect(points, "p-3");
        newer.Disconnect();
        oldest.Disconnect();

        Connect(points, "p-4");

        Assert.Equal(["p-2", "p-3", "p-4"], points.List().Select(p => p.PointId));
    }

    [Fact]
    public void AtTheBound_WithEveryPointConnected_ANewPointIsRefused_ButAnOwnerStillReconnects()
    {
        var points = Create(_time, new ControlOptions { MaxPoints = 2 });
        Connect(points, "p-1");
        Connect(points, "p-2");

        var refused = points.TryConnect("p-3", OtherKey, "support", "host-c", "1.0", out var point);
        var reconnected = points.TryConnect("p-1", OwnerKey, "support", "host-a", "1.1", out _);

        Assert.Equal(PointRegistration.TableFull, refused);
        Assert.Null(point);
        Assert.Equal(PointRegistration.Connected, reconnected);
        Assert.Equal(["p-1", "p-2"], points.List().Select(p => p.PointId));
    }

    [Fact]
    public async Task AStreamThatResumesFromAnEpoch_IsListedAsHoldingIt()
    {
        var points = Create(_time);

        var (registration, point) = await points.ConnectAsync("support-1", OwnerKey, "support", "host-a", "1.0", 9, Ct);

        Assert.Equal(PointRegistration.Connected, registration);
        Assert.Equal(9, point!.AppliedEpoch);
        Assert.Equal(9, Assert.Single(await points.ListAsync(Ct)).AppliedEpoch);
    }

    [Fact]
    public void GatewayPointIds_BelongToTheServer_AndNoKeyCanRegisterOne()
    {
        var points = Create(_time, new ControlOptions { MaxPoints = 1 });
        Connect(points, "p-1");
        var gateway = points.ConnectGateway("mcp-gateway-support@node-1", "support", "node-1", "gateway/1.0");

        var squat = points.TryConnect("mcp-gateway-support@node-1", OwnerKey, "support", "host-a", "1.0", out _);
        var early = points.TryConnect("mcp-gateway-billing@node-1", OwnerKey, "billing", "host-a", "1.0", out _);

        Assert.Equal(PointRegistration.Reserved, squat);
        Assert.Equal(PointRegistration.Reserved, early);
        Assert.Equal(EnforcementPoints.ServerOwner, gateway.OwnerKeyId);
        Assert.Same(gateway, points.Find("mcp-gateway-support@node-1"));
        Assert.Null(points.Find("mcp-gateway-billing@node-1"));
    }
}
