namespace Firebreak.Server.Auth;

/// <summary>What an API key may do.</summary>
public static class Roles
{
    /// <summary>Everything, including changing controls and issuing keys.</summary>
    public const string Operator = "operator";

    /// <summary>Bound to one agent: records that agent's runs and actions and reads its control state, nothing else.</summary>
    public const string Agent = "agent";

    /// <summary>Reads everything an operator reads; changes nothing.</summary>
    public const string Viewer = "viewer";

    public static bool IsKnown(string? role) => role is Operator or Agent or Viewer;
}
