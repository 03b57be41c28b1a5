namespace Firebreak.Detection;

/// <summary>Where an alert stands. Written <c>open</c>, <c>acknowledged</c>, <c>resolved</c> in JSON.</summary>
public enum AlertStatus
{
    /// <summary>Raised and not yet looked at; repeats of the same finding update it.</summary>
    Open,

    /// <summary>A person has it; repeats still update it.</summary>
    Acknowledged,

    /// <summary>Done with; the same finding raises a new alert.</summary>
    Resolved,
}
