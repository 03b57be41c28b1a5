namespace Firebreak.Server.Held;

/// <summary>Where a held run input is: waiting for review, sent back to the agent, dropped, or taken by one enforcement point.</summary>
public enum HeldStatus
{
    Held,
    Released,
    Discarded,
    Delivered,
}
