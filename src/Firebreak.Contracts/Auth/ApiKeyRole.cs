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

    /// <summary>
    /// A regression pipeline, bound to one or more agents: reads their releases and regression cases and reports how the
    /// cases fared. Only operators and ci keys report results, so an agent never judges its own candidate release.
    /// </summary>
    Ci,
}
