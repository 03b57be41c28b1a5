namespace Firebreak.Incidents;

/// <summary>What an in-product banner shows for an agent.</summary>
/// <param name="Agent">The agent's slug.</param>
/// <param name="State"><c>degraded</c> while an open incident involves the agent, <c>normal</c> otherwise.</param>
/// <param name="Message">The latest customer notice of the open incident, if one went out.</param>
/// <param name="EstimatedResolution">The estimate that notice gave, if any.</param>
/// <param name="UpdatedAt">When the message went out, or the incident was declared.</param>
internal sealed record AgentStatus(string Agent, string State, string? Message, string? EstimatedResolution, DateTimeOffset? UpdatedAt);
