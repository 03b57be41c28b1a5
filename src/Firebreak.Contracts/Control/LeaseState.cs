namespace Firebreak.Control;

/// <summary>Whether an enforcement point's view of the control state is recent enough to trust.</summary>
public enum LeaseState
{
    /// <summary>Not renewed within its time to live; risky tools fail closed. The zero value, so an unset state is never trusted.</summary>
    Stale = 0,

    /// <summary>Renewed within its time to live.</summary>
    Fresh = 1,
}
