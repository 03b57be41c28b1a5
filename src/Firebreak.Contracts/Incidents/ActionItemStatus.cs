namespace Firebreak.Incidents;

/// <summary>How far a postmortem action item has got.</summary>
public enum ActionItemStatus
{
    /// <summary>Nobody has started it (the default).</summary>
    Open,

    /// <summary>Its owner is working on it.</summary>
    InProgress,

    /// <summary>Finished and verified.</summary>
    Done,
}
