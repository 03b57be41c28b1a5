namespace SupportDesk.Agent.Guarding;

/// <summary>Where the agent's Firebreak guard connects and as whom.</summary>
/// <param name="ServerUrl">The Firebreak server.</param>
/// <param name="ApiKey">An agent key for <paramref name="AgentId"/> (an operator key works too, but may do more than the agent needs).</param>
/// <param name="AgentId">The registered agent, <c>support</c> in <c>samples/SupportDesk/registry.json</c>.</param>
public sealed record GuardSettings(Uri ServerUrl, string? ApiKey, string AgentId);
