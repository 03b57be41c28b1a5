using Firebreak.Control;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class LeaseTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(-1, LeaseState.Stale)]
    [InlineData(0, LeaseState.Fresh)]
    [InlineData(1, LeaseState.Fresh)]
    [InlineData(99_999_999, LeaseState.Fresh)]
    [InlineData(100_000_000, LeaseState.Stale)]
    [InlineData(100_000_001, LeaseState.Stale)]
    [InlineData(36_000_000_000, LeaseState.Stale)]
    public void Lease_IsFreshFromRenewalUntilTheTtlElapses(long ticksAfterRenewal, LeaseState expected)
    {
        var lease = new Lease(T0, Ttl);

        Assert.Equal(expected, lease.StateAt(T0.AddTicks(ticksAfterRenewal)));
        Assert.Equal(expected, Lease.Evaluate(T0, Ttl, T0.AddTicks(ticksAfterRenewal)));
    }

    [Fact]
    public void StaleAt_IsRenewalPlusTtl() => Assert.Equal(T0.AddSeconds(10), new Lease(T0, Ttl).StaleAt);

    [Fact]
    public void Renew_MakesAStaleLeaseFreshAgain()
    {
        var lease = new Lease(T0, Ttl);
        var now = T0.AddSeconds(30);

        Assert.Equal(LeaseState.Stale, lease.StateAt(now));
        Assert.Equal(LeaseState.Fresh, lease.Renew(now).StateAt(now));
        Assert.Equal(Ttl, lease.Renew(now).Ttl);
    }

    [Fact]
    public void DefaultLease_IsStale() => Assert.Equal(LeaseState.Stale, default(Lease).StateAt(default));

    [Fact]
    public void DefaultLeaseState_IsStale() => Assert.Equal(LeaseState.Stale, default(LeaseState));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Lease_RefusesANonPositiveTtl(int seconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Lease(T0, TimeSpan.FromSeconds(seconds)));
}
