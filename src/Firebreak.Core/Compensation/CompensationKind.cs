namespace Firebreak.Compensation;

/// <summary>How one action is compensated.</summary>
public enum CompensationKind
{
    /// <summary>An HTTP call to the tool's declared inverse.</summary>
    Http,

    /// <summary>A tracked task for people, for a tool with no inverse.</summary>
    Mitigation,

    /// <summary>Nothing to do: the action had no effect, or its tool declares no compensation.</summary>
    None,
}
