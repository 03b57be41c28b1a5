namespace Firebreak.Server.Auth;

/// <summary>A stored API key, without its secret.</summary>
public sealed record ApiKeyInfo(string Id, string Name, string Role, string? AgentId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>Asks for a new key.</summary>
/// <param name="Name">Who or what holds the key; recorded as the actor of everything done with it.</param>
/// <param name="Role"><c>operator</c>, <c>agent</c> or <c>viewer</c>.</param>
/// <param name="AgentId">Required for, and only for, the <c>agent</c> role.</param>
public sealed record CreateApiKeyRequest(string Name, string Role, string? AgentId = null);

/// <summary>A new key; <see cref="Key"/> is shown this once and stored only as a hash.</summary>
public sealed record CreatedApiKey(string Id, string Name, string Role, string? AgentId, DateTimeOffset CreatedAt, string Key);
