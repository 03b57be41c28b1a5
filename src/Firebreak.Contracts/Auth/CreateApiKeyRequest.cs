namespace Firebreak.Auth;

/// <summary>Asks the server for a new API key.</summary>
/// <param name="Name">A label for people, such as <c>support-agent-prod</c>.</param>
/// <param name="Role">What the key may do.</param>
/// <param name="AgentId">The agent an <see cref="ApiKeyRole.Agent"/> key is bound to.</param>
/// <param name="AgentIds">The agents a <see cref="ApiKeyRole.Ci"/> key reports regression results for (at least one).</param>
public sealed record CreateApiKeyRequest(string Name, ApiKeyRole Role, string? AgentId = null, IReadOnlyList<string>? AgentIds = null);
