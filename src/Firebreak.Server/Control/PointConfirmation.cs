namespace Firebreak.Server.Control;

/// <summary>
/// Whether one enforcement point acknowledged a control epoch within the wait. <see cref="LatencyMs"/> counts from
/// the change being pushed to its acknowledgement; <see langword="null"/> when unconfirmed.
/// </summary>
public sealed record PointConfirmation(
    string PointId,
    string? AgentId,
    string? Host,
    string? Version,
    bool Confirmed,
    long AppliedEpoch,
    double? LatencyMs);
