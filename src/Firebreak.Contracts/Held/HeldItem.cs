using System.Text.Json;

namespace Firebreak.Held;

/// <summary>A held run input as stored.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="Input">The run's input.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="HeldAt">When it was held.</param>
/// <param name="Reason">Why it was held.</param>
/// <param name="CorrelationId">The correlation id the run would have had, if known.</param>
/// <param name="DecidedBy">The operator who released or discarded it.</param>
/// <param name="DecidedAt">When it was released or discarded.</param>
/// <param name="DeliveredTo">The enforcement point that took it, once delivered.</param>
/// <param name="DecisionReason">Why the operator released or discarded it.</param>
/// <param name="IncidentId">The incident the decision was made under.</param>
/// <param name="DeliveredAt">When an enforcement point took it.</param>
public sealed record HeldItem(
    string Id,
    string AgentId,
    JsonElement Input,
    HeldItemStatus Status,
    DateTimeOffset HeldAt,
    string? Reason = null,
    string? CorrelationId = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? DeliveredTo = null,
    string? DecisionReason = null,
    string? IncidentId = null,
    DateTimeOffset? DeliveredAt = null);
