using System.Text.Json;
using Firebreak.Control;

namespace Firebreak.Approvals;

/// <summary>An approval request as stored, with its decision once made.</summary>
/// <param name="Id">The approval's id.</param>
/// <param name="AgentId">The calling agent.</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Arguments">The exact arguments awaiting approval.</param>
/// <param name="ArgumentsDigest">Lower-case hex SHA-256 of the canonical arguments.</param>
/// <param name="IdempotencyKey">The key the call executes under once approved.</param>
/// <param name="ControlEpoch">The epoch of the setting that required approval.</param>
/// <param name="Status">Where the request stands.</param>
/// <param name="CreatedAt">When it was requested.</param>
/// <param name="ExpiresAt">When a pending request expires, and an approved one stops applying.</param>
/// <param name="RunId">The run making the call, if known.</param>
/// <param name="Amount">The amount at stake, if any.</param>
/// <param name="Currency">The currency of <paramref name="Amount"/>.</param>
/// <param name="DecidedBy">Who approved or denied (an operator, or <c>rule:&lt;id&gt;</c> for a standing rule).</param>
/// <param name="DecidedAt">When it was decided.</param>
/// <param name="Reason">The decider's reason, if given.</param>
/// <param name="IncidentId">The incident the decision belongs to, if any.</param>
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
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? Reason = null,
    string? IncidentId = null)
{
    /// <summary>The binding an approved request grants, to check a call against before it executes.</summary>
    /// <exception cref="InvalidOperationException">The request is not approved.</exception>
    public ApprovalBinding ToBinding() =>
        Status == ApprovalStatus.Approved
            ? new ApprovalBinding(AgentId, Tool, ArgumentsDigest, ControlEpoch, ExpiresAt, DecidedBy ?? "unknown")
            : throw new InvalidOperationException($"Approval {Id} is {Status.ToString().ToLowerInvariant()}, not approved.");
}
