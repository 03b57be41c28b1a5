namespace Firebreak.Registry;

/// <summary>The shape of a registry file: the agents it declares.</summary>
internal sealed record RegistryDocument(IReadOnlyList<AgentDefinition> Agents);
