namespace Firebreak.Registry;

/// <summary>
/// How a compensation run reaches an agent's memory and retrieval: each hook is an HTTP call shaped like a tool's
/// <see cref="HttpCompensator"/> (a POST with an <c>Idempotency-Key</c>, an optional verification GET), whose templates
/// take <c>{endpoint.name}</c>, <c>{agent}</c>, <c>{since}</c>, <c>{until}</c>, <c>{source}</c> and <c>{key}</c>.
/// </summary>
/// <param name="Purge">Removes the memory the agent wrote in a window; the body is <c>{ agentId, since, until }</c>.</param>
/// <param name="Quarantine">Stops the agent retrieving from one knowledge source; the body is <c>{ agentId, source }</c>.</param>
public sealed record AgentMemoryHooks(HttpCompensator? Purge = null, HttpCompensator? Quarantine = null);
