namespace Firebreak.Control;

/// <summary>The data of a control stream <c>heartbeat</c> event, sent every third of the lease time to live.</summary>
/// <param name="Epoch">The server's current epoch; a point holding an older one missed a snapshot and reconnects.</param>
/// <param name="ServerTime">The server's clock when it sent the event.</param>
public sealed record ControlHeartbeatEvent(long Epoch, DateTimeOffset ServerTime);
