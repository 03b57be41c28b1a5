using Firebreak.Releases;

namespace Firebreak.Control;

/// <summary>
/// A concrete, validated control change: the scopes it sets, the freeze, the policy level and the agent definition it changes, ready for
/// <see cref="ControlSnapshot.Apply(ControlChange)"/>. <see cref="ControlChangePlanner"/> makes one from a request;
/// the snapshot it is applied to assigns its epoch.
/// </summary>
/// <param name="Actor">The operator or detector making the change.</param>
/// <param name="Reason">Why (at most 1000 characters).</param>
/// <param name="At">When the change is made; expiries count from here.</param>
/// <param name="Scopes">The scopes whose mode becomes <paramref name="Mode"/>; empty for a freeze-only or strict-only change.</param>
/// <param name="Mode">The mode to set; <see cref="ControlMode.Normal"/> removes the settings at <paramref name="Scopes"/>. <see langword="null"/> (the default) leaves modes unchanged.</param>
/// <param name="IncidentId">The incident the change contains, if any.</param>
/// <param name="ExpiresAt">When the set mode stops applying; <see langword="null"/> (the default) means until changed.</param>
/// <param name="FreezeAgentId">The agent whose freeze changes; <see langword="null"/> (the default) for none.</param>
/// <param name="Freeze">Whether <paramref name="FreezeAgentId"/> becomes frozen (<see langword="true"/>) or thawed; ignored without an agent.</param>
/// <param name="Release">The agent's new release routing (activation, rollback, restore step); <see langword="null"/> (the default) leaves releases unchanged.</param>
/// <param name="StrictAgentId">The agent whose policy level changes; <see langword="null"/> (the default) for none.</param>
/// <param name="Strict">Whether <paramref name="StrictAgentId"/> goes to the strict policy level (<see langword="true"/>) or back to normal; ignored without an agent.</param>
/// <param name="Registry">The agent definition this change puts in force; <see langword="null"/> (the default) for none. The snapshot itself does not change: the definition travels with the new epoch's stream event.</param>
public sealed record ControlChange(
    string Actor,
    string Reason,
    DateTimeOffset At,
    IReadOnlyList<ControlScope> Scopes,
    ControlMode? Mode = null,
    string? IncidentId = null,
    DateTimeOffset? ExpiresAt = null,
    string? FreezeAgentId = null,
    bool Freeze = false,
    ReleaseRouting? Release = null,
    string? StrictAgentId = null,
    bool Strict = false,
    RegistryEdit? Registry = null);
