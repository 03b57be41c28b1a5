namespace Firebreak.Auth;

/// <summary>Asks the server for a new API key.</summary>
/// <param name="Name">A label for people, such as <c>support-agent-prod</c>.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="AgentId">The agent an <see cref="ApiKeyRole.Agent"/> key is bound to.</param>
public sealed record CreateApiKeyRequest(string Name, ApiKeyRole Role, string? AgentId = null);
