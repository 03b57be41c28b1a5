namespace Firebreak.Control;

/// <summary>Whether one enforcement point applied a control change within the operator's wait.</summary>
/// <param name="PointId">The enforcement point.</param>
/// <param name="AgentId">The agent it guards; <see langword="null"/> for a point watching every agent, such as the console.</param>
/// <param name="Host">The host it runs on, as it reported.</param>
/// <param name="Version">Its software version, as it reported.</param>
/// <param name="Confirmed">Whether it acknowledged the change's epoch (or a later one) in time.</param>
/// <param name="AppliedEpoch">The latest epoch it acknowledged.</param>
/// <param name="LatencyMs">Milliseconds from storing the change to the acknowledgement; <see langword="null"/> when unconfirmed.</param>
public sealed record PointConfirmation(
    string PointId,
    string? AgentId,
    string? Host,
    string? Version,
    bool Confirmed,
    long AppliedEpoch,
    double? LatencyMs = null);
