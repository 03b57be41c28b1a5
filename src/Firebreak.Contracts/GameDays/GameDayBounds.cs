namespace Firebreak.GameDays;

/// <summary>What a drill must achieve to pass.</summary>
/// <param name="MaxWrongActions">The most wrong actions that may execute, before and after containment together.</param>
/// <param name="MaxTimeToContain">The longest time from the first wrong action (or the injection, when none executed) to containment confirmed by the agent's enforcement points.</param>
/// <param name="MaxTimeToDetect">The longest time from the injection to the first alert; <see langword="null"/> when the drill needs no alert (an operator drill).</param>
/// <param name="RequireAutomaticContainment">Whether containment must come from a playbook or detector rather than a person.</param>
public sealed record GameDayBounds(
    int MaxWrongActions,
    TimeSpan MaxTimeToContain,
    TimeSpan? MaxTimeToDetect = null,
    bool RequireAutomaticContainment = false);
