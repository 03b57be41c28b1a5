using System.Text.Json;

namespace Firebreak.Server.Held;

/// <summary>The input of a run that was not started because its agent was paused (drained), kept for human review.</summary>
/// <param name="Id">Assigned by the server.</param>
/// <param name="AgentId">The agent whose run was held.</param>
/// <param name="Input">The run's input, as the enforcement point posted it.</param>
/// <param name="CorrelationId">The run's correlation id, if it had one.</param>
/// <param name="Reason">Why it was held, as the enforcement point reported it.</param>
/// <param name="Status">Where it is now.</param>
/// <param name="HeldAt">When it was held.</param>
/// <param name="DecidedAt">When an operator released or discarded it.</param>
/// <param name="DecidedBy">The operator who did.</param>
/// <param name="DecisionReason">The operator's reason.</param>
/// <param name="IncidentId">The incident the decision belongs to, so the incident timeline can show it.</param>
/// <param name="DeliveredAt">When an enforcement point took it for processing.</param>
public sealed record HeldItem(
    string Id,
    string AgentId,
    JsonElement Input,
    string? CorrelationId,
    string Reason,
    HeldStatus Status,
    DateTimeOffset HeldAt,
    DateTimeOffset? DecidedAt = null,
    string? DecidedBy = null,
    string? DecisionReason = null,
    string? IncidentId = null,
    DateTimeOffset? DeliveredAt = null);
