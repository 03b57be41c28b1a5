using System.Net;
using Firebreak.Server.Auth;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Tests.Auth;

public sealed class AuthFailureLimiterTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("::1", "::/64")]
    public void Addresses_AreCountedPerIPv4Address_OrPerIPv6Slash64(string address, string partition) =>
        Assert.Equal(partition, AuthFailureLimiter.PartitionOf(IPAddress.Parse(address)));

    [Fact]
    public void AnAddress_IsRefusedAfterTheLimit_WithARetryAfterWithinTheWindow_AndOtherAddressesAreNot()
    {
        using var limiter = new AuthFailureLimiter(Options.Create(new AuthOptions { FailureLimit = 3, FailureWindow = TimeSpan.FromMinutes(2) }));
        var attacker = IPAddress.Parse("198.51.100.9");

        var allowed = Enumerable.Range(0, 3).Select(_ => limiter.Fail(attacker)).ToList();
        var refused = limiter.Fail(attacker);
        var sameHostOtherAddress = limiter.Fail(IPAddress.Parse("::ffff:198.51.100.9"));
        var neighbour = limiter.Fail(IPAddress.Parse("198.51.100.10"));

        Assert.All(allowed, Assert.Null);
        Assert.NotNull(refused);
        Assert.InRange(refused.Value, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(2));
        Assert.NotNull(sameHostOtherAddress);
        Assert.Null(neighbour);
    }
}
