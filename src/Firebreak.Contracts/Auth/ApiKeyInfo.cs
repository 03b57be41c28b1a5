namespace Firebreak.Auth;

/// <summary>An API key as listed by the server; the secret itself is never listed.</summary>
/// <param name="Id">The key's id, used to revoke it.</param>
/// <param name="Name">The label given at creation.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="AgentId">The agent an agent key is bound to.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="RevokedAt">When the key was revoked, if it was.</param>
/// <param name="AgentIds">The agents a ci key reports regression results for.</param>
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    ApiKeyRole Role,
    string? AgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    IReadOnlyList<string>? AgentIds = null);
