namespace Firebreak.Server.Auth;

/// <summary>The authorization policies every endpoint declares one of.</summary>
public static class Policies
{
    /// <summary>Operators and viewers.</summary>
    public const string Read = "read";

    /// <summary>Operators only.</summary>
    public const string Operate = "operate";

    /// <summary>Operators and agent keys; handlers check that an agent key acts only for its own agent.</summary>
    public const string Record = "record";

    /// <summary>Operators and viewers, and anyone for agents whose status feed is configured public.</summary>
    public const string Status = "status";

    /// <summary>Operators, viewers and agent keys; handlers narrow an agent key to its own agent's control state.</summary>
    public const string Observe = "observe";
}
