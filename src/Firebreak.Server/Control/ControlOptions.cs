using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Control;

/// <summary>Control plane timings, bound from the <c>Firebreak:Control</c> configuration section and validated at start.</summary>
public sealed class ControlOptions
{
    public const string Section = "Firebreak:Control";

    /// <summary>
    /// How long an enforcement point trusts its snapshot without hearing from the control plane (default 5 s).
    /// Streams send a heartbeat every third of it, so two lost heartbeats still leave the lease fresh.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.300", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a control change waits for enforcement points to acknowledge it when the request does not say (default 2 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ConfirmationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an approval request stays pending before it expires (default 45 s, under the common 60 s MCP client timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public TimeSpan HeartbeatInterval => LeaseTtl / 3;
}
