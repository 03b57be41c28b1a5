namespace Firebreak.Server.Control;

/// <summary>The data of a <c>heartbeat</c> stream event; receiving it renews the point's lease.</summary>
public sealed record ControlHeartbeat(long Epoch, DateTimeOffset ServerTime);
