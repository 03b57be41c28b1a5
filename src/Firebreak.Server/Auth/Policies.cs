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

    /// <summary>
    /// Operators and ci keys: regression results, which open the promotion gate. Never an agent key, so the agent under
    /// test cannot pass its own candidate release; handlers narrow a ci key to its agents.
    /// </summary>
    public const string Gate = "gate";

    /// <summary>What a replay harness reads (a release, the regression cases): operators, viewers, agent and ci keys; handlers narrow agent and ci keys to their agents.</summary>
    public const string Replay = "replay";
}
