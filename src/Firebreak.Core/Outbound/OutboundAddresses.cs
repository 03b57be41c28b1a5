using System.Net;
using System.Net.Sockets;

namespace Firebreak.Outbound;

/// <summary>
/// Which addresses outbound calls (compensators, verifications, memory hooks, URL upstreams) may connect to. Decided on
/// the address actually connected to, after name resolution, so a host name that resolves (or is rebound) to an internal
/// address gets no further than the address itself would.
/// </summary>
internal static class OutboundAddresses
{
    /// <summary>
    /// Cloud metadata services: AWS, GCP and Azure IMDS, AWS IMDS over IPv6, ECS and EKS credential endpoints, Alibaba Cloud,
    /// and Azure's wire server. Never reached, whatever the configuration says.
    /// </summary>
    public static readonly IReadOnlySet<IPAddress> Metadata = new HashSet<IPAddress>(
    [
        IPAddress.Parse("169.254.169.254"),
        IPAddress.Parse("169.254.170.2"),
        IPAddress.Parse("169.254.170.23"),
        IPAddress.Parse("fd00:ec2::254"),
        IPAddress.Parse("fd00:ec2::23"),
        IPAddress.Parse("100.100.100.200"),
        IPAddress.Parse("168.63.129.16"),
    ]);

    // NAT64's well-known prefix (RFC 6052) reaches the IPv4 address in its last 32 bits.
    private static readonly byte[] Nat64Prefix = [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>What <paramref name="address"/> is; an IPv4 address mapped to IPv6 or behind the NAT64 prefix counts as itself.</summary>
    public static OutboundAddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Unwrap(address);
        if (Metadata.Contains(address))
        {
            return OutboundAddressKind.Metadata;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var bytes = address.GetAddressBytes();
            return bytes switch
            {
                [127, ..] => OutboundAddressKind.Loopback,
                [0, ..] => OutboundAddressKind.Unspecified,
                [169, 254, ..] => OutboundAddressKind.LinkLocal,
                [>= 224 and <= 239, ..] or [255, 255, 255, 255] => OutboundAddressKind.Multicast,
                _ => OutboundAddressKind.Ordinary,
            };
        }

        return address switch
        {
            _ when IPAddress.IPv6Loopback.Equals(address) => OutboundAddressKind.Loopback,
            _ when IPAddress.IPv6Any.Equals(address) => OutboundAddressKind.Unspecified,
            { IsIPv6LinkLocal: true } => OutboundAddressKind.LinkLocal,
            { IsIPv6Multicast: true } => OutboundAddressKind.Multicast,
            _ => OutboundAddressKind.Ordinary,
        };
    }

    /// <summary>
    /// Why a call to <paramref name="host"/> (an allowed host, as the URL names it) may not connect to <paramref name="address"/>,
    /// or <see langword="null"/> when it may. Loopback and link-local addresses are reached only when the host names that very
    /// address (or is <c>localhost</c>, for loopback): a name that resolves there is refused, so changing a DNS record cannot
    /// point an allowed name at this machine. Metadata, unspecified and multicast addresses are never reached.
    /// </summary>
    public static string? Refusal(string host, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        var kind = Classify(address);
        var named = IPAddress.TryParse(host.Trim('[', ']'), out var literal) && Unwrap(literal).Equals(Unwrap(address));
        return kind switch
        {
            OutboundAddressKind.Ordinary => null,
            OutboundAddressKind.Loopback when named || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) => null,
            OutboundAddressKind.LinkLocal when named => null,
            OutboundAddressKind.Metadata => $"{address} is a cloud metadata address, which outbound calls never reach",
            OutboundAddressKind.Loopback or OutboundAddressKind.LinkLocal =>
                $"{host} resolves to the {(kind == OutboundAddressKind.Loopback ? "loopback" : "link-local")} address {address}, reached only when the allowed host is that address itself",
            _ => $"{address} is {(kind == OutboundAddressKind.Unspecified ? "an unspecified" : "a multicast")} address, which outbound calls never reach",
        };
    }

    private static IPAddress Unwrap(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            if (bytes.AsSpan(0, 12).SequenceEqual(Nat64Prefix))
            {
                return new IPAddress(bytes.AsSpan(12));
            }
        }

        // A scope (fe80::1%eth0) does not make another address.
        return address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
    }
}
