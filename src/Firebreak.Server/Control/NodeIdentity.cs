using System.Globalization;
using System.Net;

namespace Firebreak.Server.Control;

/// <summary>
/// This server process among the nodes that share one PostgreSQL database: the enforcement point table names the node
/// each point's stream is on. New for every start, so a restarted node never inherits the points of its previous life.
/// </summary>
internal sealed class NodeIdentity
{
    public string Id { get; } = string.Create(
        CultureInfo.InvariantCulture,
        $"{Dns.GetHostName()}:{Environment.ProcessId}:{Random.Shared.Next(0x10000):x4}");
}
