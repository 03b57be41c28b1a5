namespace Firebreak.Control;

/// <summary>The SSE event names of the control stream (<c>GET /api/v1/control/stream</c>).</summary>
public static class ControlStreamEvents
{
    /// <summary>Data: <see cref="ControlSnapshotEvent"/>.</summary>
    public const string Snapshot = "snapshot";

    /// <summary>Data: <see cref="ControlHeartbeatEvent"/>.</summary>
    public const string Heartbeat = "heartbeat";

    /// <summary>Data: <see cref="Held.HeldItem"/> released by an operator for this agent.</summary>
    public const string Redeliver = "redeliver";
}
