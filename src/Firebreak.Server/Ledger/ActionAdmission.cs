using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Approvals;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Ledger;

/// <summary>
/// The server's own control decision on a recorded action, so that a client that skips the local decision cannot get
/// a call the controls forbid into the ledger as allowed. The node's current snapshot decides, with the same
/// <see cref="ControlDecider"/> every enforcement point runs.
/// </summary>
/// <remarks>
/// <para>
/// Only records that say a risky call is going to run or ran (<see cref="ActionOutcome.Pending"/>,
/// <see cref="ActionOutcome.Executed"/>) are checked. Outcomes that say the call did not run (blocked, denied,
/// shadowed, awaiting approval, failed, compensated) are what enforcement points record when they stop a call, so they
/// are always accepted. Read tools are recorded after they ran, so refusing them would only lose the truth.
/// </para>
/// <para>
/// Only records posted with a key bound to the agent are checked; see <see cref="ActionsEndpoints"/>.
/// Refused: a call the snapshot blocks (agent or tool killed, tool paused, fallback), a shadowed call (it should have been
/// recorded shadowed), and a call under approval with no approved request under its idempotency key bound to these
/// arguments and to the control setting in force. A pause at global or agent scope drains runs in flight, so it
/// refuses no tool call, exactly as at the enforcement points. The refusal is 409: the key may record actions for the
/// agent (that is 403's question); what conflicts is the control state in force, named in the <c>control</c> member.
/// </para>
/// </remarks>
internal static class ActionAdmission
{
    private static readonly ControlDecider DefaultDecider = new();

    /// <summary>The 409 refusing <paramref name="request"/>, or <see langword="null"/> when the controls in force let it be recorded.</summary>
    public static async Task<ProblemHttpResult?> RefuseAsync(
        RecordActionRequest request,
        AgentDefinition agent,
        ControlSnapshot snapshot,
        ApprovalStore approvals,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (request.Outcome is not (ActionOutcome.Pending or ActionOutcome.Executed))
        {
            return null;
        }

        var decider = agent.Mcp is { } mcp ? new ControlDecider(new ControlDeciderOptions { UnknownToolRisk = mcp.EffectiveUnregisteredToolRisk }) : DefaultDecider;

        // The server's snapshot is where leases come from, so it is never stale here.
        var decision = decider.DecideToolCall(snapshot, agent.Id, request.Tool, agent.FindTool(request.Tool), LeaseState.Fresh, now);
        if (decision.Risk == RiskClass.Read || decision.IsExecute)
        {
            return null;
        }

        if (decision.Verdict == GuardVerdict.RequireApproval && await IsApprovedAsync(request, agent, decision, approvals, now, cancellationToken))
        {
            return null;
        }

        var outcome = request.Outcome == ActionOutcome.Pending ? "pending" : "executed";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "The control in force forbids this action.",
            detail: decision.Verdict == GuardVerdict.RequireApproval
                ? $"Action '{request.IdempotencyKey}' cannot be recorded {outcome}: {decision.Message} No approved request under this idempotency key covers these arguments."
                : $"Action '{request.IdempotencyKey}' cannot be recorded {outcome}: {decision.Message}",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["control"] = decision.DecidedBy,
                ["verdict"] = decision.Verdict switch
                {
                    GuardVerdict.Shadow => "shadow",
                    GuardVerdict.RequireApproval => "require_approval",
                    _ => "block",
                },
                ["snapshotEpoch"] = decision.SnapshotEpoch,
            });
    }

    private static async Task<bool> IsApprovedAsync(
        RecordActionRequest request,
        AgentDefinition agent,
        GuardDecision decision,
        ApprovalStore approvals,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (await approvals.FindByKeyAsync(agent.Id, request.IdempotencyKey, cancellationToken) is not { Status: ApprovalStatus.Approved } approval)
        {
            return false;
        }

        var binding = approval.ToBinding();
        var recorded = CanonicalJson.Digest(request.Arguments);
        if (binding.Matches(decision, recorded, now))
        {
            return true;
        }

        // Enforcement points record arguments redacted for the trace when the agent's guardrails say so, while the
        // approval binds them as the human saw them: the approved arguments, redacted the same way, must match.
        return binding.Matches(decision, approval.ArgumentsDigest, now)
            && string.Equals(CanonicalJson.Digest(GuardrailEvaluator.Compile(agent.Guardrails).RedactForTrace(approval.Arguments)), recorded, StringComparison.Ordinal);
    }
}
