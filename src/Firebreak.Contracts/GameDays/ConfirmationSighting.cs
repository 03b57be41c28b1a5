namespace Firebreak.GameDays;

/// <summary>
/// What a drill saw when it polled the enforcement points: <see cref="PointId"/> held <see cref="AppliedEpoch"/> at
/// <see cref="SeenAt"/>. A point confirmed an epoch no later than the first sighting at or above it.
/// </summary>
public sealed record ConfirmationSighting(string PointId, long AppliedEpoch, DateTimeOffset SeenAt);
