using Firebreak.Auth;

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

    /// <summary>Bound to named agents: reports their regression results and reads what a replay needs, nothing else.</summary>
    public const string Ci = "ci";

    /// <summary>The claim value of <paramref name="role"/>.</summary>
    public static string Of(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Operator => Operator,
        ApiKeyRole.Agent => Agent,
        ApiKeyRole.Viewer => Viewer,
        ApiKeyRole.Ci => Ci,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not an API key role."),
    };

    public static ApiKeyRole Parse(string role) => role switch
    {
        Operator => ApiKeyRole.Operator,
        Agent => ApiKeyRole.Agent,
        Viewer => ApiKeyRole.Viewer,
        Ci => ApiKeyRole.Ci,
        _ => throw new InvalidDataException($"Stored API key role '{role}' is not a role."),
    };
}
