using System.Text.Json;

namespace Firebreak.Server.Approvals;

/// <summary>An enforcement point's request for approval of a tool call it was told needs one.</summary>
public sealed record CreateApprovalRequest(
    string AgentId,
    string Tool,
    JsonElement Arguments,
    string IdempotencyKey,
    long ControlEpoch,
    string? RunId = null,
    decimal? Amount = null,
    string? Currency = null);
