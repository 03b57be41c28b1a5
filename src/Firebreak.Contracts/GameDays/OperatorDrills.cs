namespace Firebreak.GameDays;

/// <summary>
/// The drills every agent can run without a drill file: the operator's kill switch and rollback, timed. They inject no
/// failure and need nothing of the agent's application, and readiness looks for them by these names. Drills that inject
/// a failure belong to an application and come from its drill file (<c>samples/SupportDesk/gamedays.yaml</c>).
/// </summary>
public static class OperatorDrills
{
    public const string KillSwitchName = "kill-switch";
    public const string RollbackName = "rollback";

    /// <summary>The operator's kill switch, timed: every enforcement point of the agent must confirm within 1 s.</summary>
    public static GameDayScenario KillSwitch { get; } = new(
        KillSwitchName,
        "Kill switch drill",
        "Kills the agent as an operator would, times the confirmation of every enforcement point of the agent and the drain of its runs in flight, then resumes it. " +
        "Passes when every point confirmed within 1 s.",
        null,
        GameDayInjection.OperatorKill,
        null,
        null,
        new GameDayBounds(0, TimeSpan.FromSeconds(1)));

    /// <summary>The operator's rollback, timed: every enforcement point must run the last known good release within 2 s.</summary>
    public static GameDayScenario Rollback { get; } = new(
        RollbackName,
        "Rollback drill",
        "Rolls the agent back to its last known good release as an operator would, times the confirmation of every enforcement point, then activates the release it ran before. " +
        "Passes when every point confirmed within 2 s.",
        null,
        GameDayInjection.OperatorRollback,
        null,
        null,
        new GameDayBounds(0, TimeSpan.FromSeconds(2)));

    /// <summary>Both operator drills, in the order the command line lists them.</summary>
    public static IReadOnlyList<GameDayScenario> All { get; } = [KillSwitch, Rollback];

    /// <summary>The operator drill named <paramref name="name"/>, or <see langword="null"/>.</summary>
    public static GameDayScenario? Find(string? name) => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));
}
