using System.Text.Json;

namespace Firebreak.Server.Approvals;

/// <summary>
/// A request for a human to approve one tool call, bound to its exact arguments (by digest), the epoch of the
/// control setting that asked for approval, and an expiry: the fields of <see cref="Firebreak.Control.ApprovalBinding"/>.
/// <see cref="DecidedBy"/>, <see cref="Reason"/> and <see cref="IncidentId"/> record the decision for the incident timeline.
/// </summary>
public sealed record Approval(
    string Id,
    string AgentId,
    string Tool,
    JsonElement Arguments,
    string ArgumentsDigest,
    string IdempotencyKey,
    long ControlEpoch,
    ApprovalStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string? RunId = null,
    decimal? Amount = null,
    string? Currency = null,
    DateTimeOffset? DecidedAt = null,
    string? DecidedBy = null,
    string? Reason = null,
    string? IncidentId = null);
