namespace Firebreak.Server.Storage;

/// <summary>An action's idempotency key, unique per agent; a write that records an action names it so its batch can look every key up at once.</summary>
internal readonly record struct ActionKey(string AgentId, string IdempotencyKey);
