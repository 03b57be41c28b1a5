namespace Firebreak.Control;

/// <summary>The control mode in force at one scope, and who set it, why and until when.</summary>
/// <param name="Scope">Where the mode applies.</param>
/// <param name="Mode">The mode; never <see cref="ControlMode.Normal"/> inside a snapshot, where normal is the absence of a setting.</param>
/// <param name="Epoch">The snapshot epoch of the change that set it; approvals granted under it are bound to it.</param>
/// <param name="Actor">The operator or detector that set it.</param>
/// <param name="Reason">Why, in the actor's words (at most 1000 characters).</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="IncidentId">The incident it contains, if any.</param>
/// <param name="ExpiresAt">When it stops applying; <see langword="null"/> (the default) means until changed.</param>
public sealed record ControlSetting(
    ControlScope Scope,
    ControlMode Mode,
    long Epoch,
    string Actor,
    string Reason,
    DateTimeOffset SetAt,
    string? IncidentId = null,
    DateTimeOffset? ExpiresAt = null)
{
    /// <summary>Whether the setting applies at <paramref name="now"/>: it has no expiry, or <paramref name="now"/> is before it. At the expiry instant it no longer applies.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is not { } expiry || now < expiry;
}
