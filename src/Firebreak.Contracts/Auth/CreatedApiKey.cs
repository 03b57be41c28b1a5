namespace Firebreak.Auth;

/// <summary>A newly created API key, with its secret in plain text. The server shows the secret this once.</summary>
/// <param name="Id">The key's id, used to revoke it.</param>
/// <param name="Name">The label given at creation.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="AgentId">The agent an agent key is bound to.</param>
/// <param name="CreatedAt">When the key was created.</param>
/// <param name="Key">The secret to send as <c>Authorization: Bearer &lt;key&gt;</c>.</param>
/// <param name="AgentIds">The agents a ci key reports regression results for.</param>
public sealed record CreatedApiKey(
    string Id,
    string Name,
    ApiKeyRole Role,
    string? AgentId,
    DateTimeOffset CreatedAt,
    string Key,
    IReadOnlyList<string>? AgentIds = null);
