namespace Firebreak.Server.Security;

/// <summary>The refused attempts of one agent's keys this node has seen since it started.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Total">Every refusal since the node started.</param>
/// <param name="Recent">The most recent refusals, newest first, at most <see cref="RefusalLog.Kept"/>.</param>
internal sealed record AgentRefusals(string AgentId, long Total, IReadOnlyList<AgentRefusal> Recent);
