namespace Firebreak.Registry;

/// <summary>What an enforcement point does with a tool when its lease on the control state is stale.</summary>
public enum FailMode
{
    /// <summary>Allow the call.</summary>
    Open,

    /// <summary>Block the call.</summary>
    Closed,
}
