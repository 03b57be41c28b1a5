using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Outbound;

/// <summary>
/// Where the server's outbound calls (compensators, verifications, memory hooks, URL upstreams of the MCP gateway) may go,
/// bound from the <c>Firebreak:Outbound</c> configuration section and validated at start.
/// </summary>
public sealed class OutboundOptions
{
    public const string Section = "Firebreak:Outbound";

    /// <summary>
    /// Hosts outbound calls may reach besides the hosts of <c>Firebreak:Compensation:Endpoints</c> (default none): each a host
    /// name or IP address (any port) or <c>host:port</c> (that port only), no wildcards. A loopback or link-local address is
    /// reached only when it is named here (or by an endpoint) as that address, or as <c>localhost</c> for loopback; cloud
    /// metadata addresses are never reached.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>The most of a response body an outbound call reads (default 256 KiB): a larger verification response fails.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 256 * 1024;
}
