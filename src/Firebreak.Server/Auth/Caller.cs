using System.Security.Claims;

namespace Firebreak.Server.Auth;

/// <summary>Who is calling: the key's name is the actor recorded for everything done with it.</summary>
public sealed record Caller(string KeyId, string Actor, string Role, string? AgentId)
{
    public const string AgentClaim = "firebreak:agent";

    public static Caller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Caller(
            user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            user.FindFirstValue(ClaimTypes.Role) ?? string.Empty,
            user.FindFirstValue(AgentClaim));
    }

    /// <summary>Operators act for any agent; an agent key only for its own.</summary>
    public bool MayActFor(string agentId) =>
        Role == Roles.Operator || (Role == Roles.Agent && string.Equals(AgentId, agentId, StringComparison.Ordinal));
}
