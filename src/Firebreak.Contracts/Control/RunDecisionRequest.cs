using System.Text.Json;

namespace Firebreak.Control;

/// <summary>
/// A new run an agent in any language asks the server to decide (<c>POST /api/v1/decisions/runs</c>): the server
/// starts it, holds its input, or answers with the agent's fallback, as <see cref="RunStartPipeline"/> says.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Input">The run's input, held for review when the agent is paused.</param>
/// <param name="CorrelationId">The correlation id; the server assigns one when absent.</param>
/// <param name="RoutingKey">What picks the run's release during a gradual restore (such as the customer id); the correlation id when absent.</param>
/// <param name="Traceparent">The W3C trace context of the request that started the run.</param>
public sealed record RunDecisionRequest(
    string AgentId,
    JsonElement? Input = null,
    string? CorrelationId = null,
    string? RoutingKey = null,
    string? Traceparent = null);
