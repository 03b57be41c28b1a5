namespace Firebreak.Held;

/// <summary>Where a held run input stands. JSON writes the snake_case name.</summary>
public enum HeldItemStatus
{
    /// <summary>Waiting for human review.</summary>
    Held,

    /// <summary>Released by an operator; sent to the agent's enforcement points.</summary>
    Released,

    /// <summary>Taken by one enforcement point; never delivered again.</summary>
    Delivered,

    /// <summary>Discarded by an operator.</summary>
    Discarded,
}
