namespace Firebreak.Control;

/// <summary>
/// A change of an agent's registered definition (its tool risk classes, guardrails, fallback, upstreams), recorded as
/// a control change so it takes an epoch, reaches every enforcement point with that epoch's snapshot event, and is
/// confirmed like a kill.
/// </summary>
/// <param name="AgentId">The agent whose definition changed.</param>
/// <param name="DefinitionHash">The SHA-256 (lower-case hex) of the definition as stored, so the ledger names exactly which definition took effect.</param>
/// <param name="PreviousHash">The SHA-256 of the definition it replaced; <see langword="null"/> when the agent was new.</param>
public sealed record RegistryEdit(string AgentId, string DefinitionHash, string? PreviousHash = null);
