namespace Firebreak.Auth;

/// <summary>What an API key may do.</summary>
public enum ApiKeyRole
{
    /// <summary>Runs Firebreak: manages agents, keys and containment.</summary>
    Operator,

    /// <summary>An agent's enforcement point: records runs, steps and actions for its own agent.</summary>
    Agent,

    /// <summary>Reads agents, runs, traces, actions and the ledger.</summary>
    Viewer,
}
