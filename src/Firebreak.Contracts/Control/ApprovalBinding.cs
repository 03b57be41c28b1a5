using System.Text.Json;
using Firebreak.Serialization;

namespace Firebreak.Control;

/// <summary>
/// A human's approval of one tool call, bound to its exact arguments (by canonical digest), to the control setting
/// it was requested under, and to an expiry. Any difference means a new approval is needed.
/// </summary>
/// <remarks>
/// The binding is to the epoch of the setting that required approval (<see cref="GuardDecision.ControlEpoch"/>), not
/// to the snapshot epoch: changes at other scopes, such as another agent's, leave it valid, while any change of the
/// setting that asked for it — re-issued approval, a new reason, a kill and resume — voids it, because the approver
/// judged the call in a containment context that no longer holds.
/// </remarks>
/// <param name="AgentId">The agent whose call is approved.</param>
/// <param name="Tool">The tool approved.</param>
/// <param name="ArgumentsDigest">Lower-case hex SHA-256 of the canonical arguments (<see cref="CanonicalJson.Digest"/>).</param>
/// <param name="ControlEpoch">The epoch of the setting that required the approval.</param>
/// <param name="ExpiresAt">The first instant at which the approval no longer applies.</param>
/// <param name="ApprovedBy">Who approved.</param>
public sealed record ApprovalBinding(
    string AgentId,
    string Tool,
    string ArgumentsDigest,
    long ControlEpoch,
    DateTimeOffset ExpiresAt,
    string ApprovedBy)
{
    /// <summary>Approves the call that <paramref name="decision"/> held for approval, with <paramref name="arguments"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="decision"/> is not a <see cref="GuardVerdict.RequireApproval"/> tool-call decision.</exception>
    public static ApprovalBinding Approve(GuardDecision decision, JsonElement arguments, DateTimeOffset expiresAt, string approvedBy)
    {
        if (decision.Verdict != GuardVerdict.RequireApproval || decision.AgentId is null || decision.ToolName is null)
        {
            throw new ArgumentException("Only a tool call that requires approval can be approved.", nameof(decision));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(approvedBy);
        return new ApprovalBinding(decision.AgentId, decision.ToolName, CanonicalJson.Digest(arguments), decision.ControlEpoch, expiresAt, approvedBy);
    }

    /// <summary>
    /// Whether this approval lets the call go ahead: same agent, same tool, same argument digest, same control epoch,
    /// and <paramref name="now"/> before <see cref="ExpiresAt"/>.
    /// </summary>
    public bool Matches(string agentId, string tool, string argumentsDigest, long controlEpoch, DateTimeOffset now) =>
        now < ExpiresAt
        && controlEpoch == ControlEpoch
        && string.Equals(agentId, AgentId, StringComparison.Ordinal)
        && string.Equals(tool, Tool, StringComparison.Ordinal)
        && string.Equals(argumentsDigest, ArgumentsDigest, StringComparison.Ordinal);

    /// <summary>Whether this approval covers the call <paramref name="decision"/> held, with <paramref name="argumentsDigest"/>.</summary>
    public bool Matches(GuardDecision decision, string argumentsDigest, DateTimeOffset now) =>
        decision.AgentId is not null
        && decision.ToolName is not null
        && Matches(decision.AgentId, decision.ToolName, argumentsDigest, decision.ControlEpoch, now);
}
