using System.Text.Json;

namespace Firebreak.Approvals;

/// <summary>An enforcement point's request for a human to approve one tool call (<c>POST /api/v1/approvals</c>).</summary>
/// <param name="AgentId">The calling agent.</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Arguments">The exact arguments; the approval binds to their canonical digest.</param>
/// <param name="IdempotencyKey">The key the call is recorded and executed under, once approved.</param>
/// <param name="ControlEpoch">The epoch of the setting that required approval (<see cref="Control.GuardDecision.ControlEpoch"/>).</param>
/// <param name="RunId">The run making the call, if known.</param>
/// <param name="Amount">The amount at stake, for the approver and standing rules.</param>
/// <param name="Currency">The currency of <paramref name="Amount"/>.</param>
public sealed record ApprovalRequest(
    string AgentId,
    string Tool,
    JsonElement Arguments,
    string IdempotencyKey,
    long ControlEpoch,
    string? RunId = null,
    decimal? Amount = null,
    string? Currency = null);
