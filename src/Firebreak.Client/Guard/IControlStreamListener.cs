using Firebreak.Control;
using Firebreak.Held;

namespace Firebreak.Client;

/// <summary>What the control stream hands its events to (the guard); every call renews the lease.</summary>
internal interface IControlStreamListener
{
    void OnSnapshot(ControlSnapshotEvent snapshot);

    /// <summary>Renews the lease; <paramref name="heartbeat"/> is <see langword="null"/> for an event kind this SDK does not know.</summary>
    /// <returns><see langword="false"/> when the heartbeat's epoch shows a snapshot was missed.</returns>
    bool OnHeartbeat(ControlHeartbeatEvent? heartbeat);

    void OnRedeliver(HeldItem item);
}
