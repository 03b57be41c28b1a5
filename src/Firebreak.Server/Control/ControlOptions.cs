using System.ComponentModel.DataAnnotations;
using Firebreak.Server.Hosting;

namespace Firebreak.Server.Control;

/// <summary>Control plane timings, bound from the <c>Firebreak:Control</c> configuration section and validated at start.</summary>
public sealed class ControlOptions
{
    public const string Section = "Firebreak:Control";

    /// <summary>
    /// How long an enforcement point trusts its snapshot without hearing from the control plane (default 5 s).
    /// Streams send a heartbeat every third of it, so two lost heartbeats still leave the lease fresh.
    /// </summary>
    [TimeSpanRange("00:00:00.300", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a control change waits for enforcement points to acknowledge it when the request does not say (default 2 s).</summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an approval request stays pending before it expires (default 45 s, under the common 60 s MCP client timeout).</summary>
    [TimeSpanRange("00:00:01", "01:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How long a disconnected enforcement point stays in the table after it was last heard from (default 30 s, six
    /// default leases). Until then it is listed as stale and its id stays bound to the key that registered it, so only
    /// that key can reconnect it; after that the entry is dropped and the id is free again.
    /// </summary>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan PointRetention { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most enforcement points this node keeps (default 10,000), on PostgreSQL all nodes together, since they share
    /// one table. A new point beyond it evicts the disconnected point
    /// heard from longest ago; when every point is connected, the stream is refused with 503 until one leaves.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxPoints { get; set; } = 10_000;

    /// <summary>
    /// The most control streams one key may hold open on this node (default 64): enough for every guard process an agent
    /// runs on a host and the consoles watching it. Beyond it the stream is refused with 429 until one closes.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerKey { get; set; } = 64;

    /// <summary>The most control streams this node holds open for all keys together (default 10,000); beyond it the stream is refused with 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = 10_000;

    public TimeSpan HeartbeatInterval => LeaseTtl / 3;
}
