namespace Firebreak.Server.Compensation;

/// <summary>What a memory hook is POSTed, and the arguments of the ledger action that records the call.</summary>
/// <param name="AgentId">The agent whose memory or knowledge changes.</param>
/// <param name="Since">A purge's window start (inclusive).</param>
/// <param name="Until">A purge's window end (exclusive).</param>
/// <param name="Source">A quarantine's knowledge source.</param>
internal sealed record HookBody(string AgentId, DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Source = null);
