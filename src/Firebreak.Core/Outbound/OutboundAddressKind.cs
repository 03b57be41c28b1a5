namespace Firebreak.Outbound;

/// <summary>What an address an outbound call would connect to is, as far as server-side request forgery goes.</summary>
internal enum OutboundAddressKind
{
    /// <summary>Any other unicast address, public or private: reachable when its host is allowed.</summary>
    Ordinary,

    /// <summary><c>127.0.0.0/8</c>, <c>::1</c>: this machine.</summary>
    Loopback,

    /// <summary><c>169.254.0.0/16</c>, <c>fe80::/10</c>.</summary>
    LinkLocal,

    /// <summary>A cloud instance metadata service, which hands out the machine's credentials.</summary>
    Metadata,

    /// <summary><c>0.0.0.0/8</c>, <c>::</c>: reaches this machine on most systems.</summary>
    Unspecified,

    /// <summary>Multicast and the IPv4 broadcast address.</summary>
    Multicast,
}
