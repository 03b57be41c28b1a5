namespace Firebreak.Compensation;

/// <summary>How one action is compensated.</summary>
public enum CompensationKind
{
    /// <summary>An HTTP call to the tool's declared inverse.</summary>
    Http,

    /// <summary>A tracked task for people, for a tool with no inverse.</summary>
    Mitigation,

    /// <summary>Code in the agent's process, registered through the SDK, which picks the item up and reports it done or failed.</summary>
    InProcess,

    /// <summary>Nothing to do: the action had no effect, or its tool declares no compensation.</summary>
    None,
}
