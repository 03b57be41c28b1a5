using System.Text.Json;

namespace Firebreak.Held;

/// <summary>The input of a run that was not started because its agent is paused (<c>POST /api/v1/held</c>).</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Input">The run's input, kept as given.</param>
/// <param name="Reason">Why it was held (the guard sends the decision's message).</param>
/// <param name="CorrelationId">The correlation id the run would have had, if known.</param>
public sealed record HeldItemRequest(string AgentId, JsonElement Input, string Reason, string? CorrelationId = null);
