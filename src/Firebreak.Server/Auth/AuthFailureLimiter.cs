using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Auth;

/// <summary>
/// Counts requests whose key is unknown or revoked, per client address, in a fixed window
/// (<see cref="AuthOptions.FailureLimit"/> per <see cref="AuthOptions.FailureWindow"/>).
/// </summary>
/// <remarks>
/// The partitioned limiter drops a partition once its window has replenished and it has stayed idle, so the memory it
/// holds follows the addresses that failed recently, not every address ever seen. IPv6 addresses are counted per /64:
/// one host usually holds a whole /64 and could otherwise start a fresh count with every address in it.
/// </remarks>
internal sealed class AuthFailureLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public AuthFailureLimiter(IOptions<AuthOptions> options)
    {
        var limit = options.Value.FailureLimit;
        var window = options.Value.FailureWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(
            address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }),
            StringComparer.Ordinal);
    }

    /// <summary>Counts one failure from <paramref name="address"/>; <see langword="null"/> when it is within the limit, else how long until the window replenishes.</summary>
    public TimeSpan? Fail(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(PartitionOf(address));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>The partition an address is counted in: an IPv4 address (also when mapped into IPv6) or an IPv6 /64.</summary>
    public static string PartitionOf(IPAddress? address)
    {
        if (address is null)
        {
            return "(unknown)";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }
}
