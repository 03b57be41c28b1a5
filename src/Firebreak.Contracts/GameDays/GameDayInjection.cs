namespace Firebreak.GameDays;

/// <summary>How a drill injects its failure. Written in snake_case in JSON (<c>activate_release</c>).</summary>
public enum GameDayInjection
{
    /// <summary>A bad release of the agent is activated through the releases API, as a bad deploy would be.</summary>
    ActivateRelease,

    /// <summary>A poisoned document is planted in a source the agent retrieves from, through the drill target.</summary>
    PlantDocument,

    /// <summary>No failure: the operator kills the agent, to time the kill switch.</summary>
    OperatorKill,

    /// <summary>No failure: the operator rolls the agent back to its last known good release, to time the rollback.</summary>
    OperatorRollback,
}
