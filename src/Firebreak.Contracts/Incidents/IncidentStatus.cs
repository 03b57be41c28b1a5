namespace Firebreak.Incidents;

/// <summary>Where an incident is in its life. The server's incident lifecycle says which moves are allowed.</summary>
public enum IncidentStatus
{
    /// <summary>Raised by a person or a detector; nobody has confirmed it yet.</summary>
    Declared,

    /// <summary>Confirmed and owned by a commander; the cause is being looked for.</summary>
    Investigating,

    /// <summary>Contained: the agent no longer causes new harm, though side effects and the cause may remain.</summary>
    Mitigated,

    /// <summary>Side effects compensated and the service restored; the postmortem and action items follow.</summary>
    Resolved,

    /// <summary>Final: the follow-up is done. A closed incident never changes again.</summary>
    Closed,
}
