using System.Security.Claims;

namespace Firebreak.Server.Auth;

/// <summary>Who is calling: the key's name is the actor recorded for everything done with it.</summary>
public sealed record Caller(string KeyId, string Actor, string Role, string? AgentId)
{
    public const string AgentClaim = "firebreak:agent";

    /// <summary>One claim per agent a ci key is bound to; a claim of its own so that no agent-key check ever matches a ci key.</summary>
    public const string CiAgentClaim = "firebreak:ci-agent";

    /// <summary>The agents a ci key reports regression results for; empty for every other role.</summary>
    public IReadOnlyList<string> CiAgentIds { get; init; } = [];

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Caller(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            user.FindFirstValue(AgentClaim))
        {
            CiAgentIds = [.. user.FindAll(CiAgentClaim).Select(claim => claim.Value)],
        };
    }

    /// <summary>Operators act for any agent; an agent key only for its own.</summary>
    public bool MayActFor(string agentId) =>
        Role == Roles.Operator || (Role == Roles.Agent && string.Equals(AgentId, agentId, StringComparison.Ordinal));

    /// <summary>Operators report regression results for any agent; a ci key only for its agents; an agent key never, not even for its own.</summary>
    public bool MayGateFor(string agentId) =>
        Role == Roles.Operator || (Role == Roles.Ci && CiAgentIds.Contains(agentId, StringComparer.Ordinal));

    /// <summary>Operators and viewers read every agent's releases and cases; an agent key its own agent's, a ci key its agents'.</summary>
    public bool MaySee(string agentId) => Role switch
    {
        Roles.Operator or Roles.Viewer => true,
        Roles.Agent => MayActFor(agentId),
        Roles.Ci => MayGateFor(agentId),
        _ => false,
    };
}
