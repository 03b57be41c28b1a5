using Firebreak.Approvals;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// The steps every enforcement point (the SDK's AgentGuard, the MCP gateway, <c>POST /api/v1/decisions</c>) takes a
/// tool call through, between its own I/O: decide (<see cref="ControlDecider"/>) → argument guardrails → plan → ask
/// for approval → record before execute → re-decide → execute → complete. Pure: each method maps what the point
/// observed to the next <see cref="CallPlan"/>, so the rules live once and are tested as a table
/// (<c>conformance/decisions.json</c>, docs/design/enforcement.md). Its messages are the words the model reads.
/// </summary>
public static class ToolCallPipeline
{
    /// <summary>
    /// Whether the argument guardrails inspect a call so decided: only one the controls let through. A call the controls
    /// stop is not worth inspecting, and a shadowed one never runs.
    /// </summary>
    public static bool InspectsArguments(GuardDecision decision) => decision.Verdict is GuardVerdict.Execute or GuardVerdict.RequireApproval;

    /// <summary>The first step, from the control decision and what the argument guardrails found (<see cref="GuardrailOutcome.Clean"/> when they did not inspect it).</summary>
    public static CallPlan Plan(GuardDecision decision, GuardrailOutcome arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        switch (decision.Verdict)
        {
            case GuardVerdict.Shadow:
                return new CallPlan(CallStep.Shadow, decision, decision.Message);
            case GuardVerdict.Execute or GuardVerdict.RequireApproval when arguments.Blocks:
                return new CallPlan(CallStep.Block, decision, arguments.Message);
            case GuardVerdict.RequireApproval:
                return new CallPlan(CallStep.Approval, decision, decision.Message);
            case GuardVerdict.Execute when arguments.NeedsApproval:
                return new CallPlan(CallStep.Approval, decision, arguments.Message);
            case GuardVerdict.Execute when decision.Risk == RiskClass.Read:
                return new CallPlan(CallStep.Execute, decision, null);
            case GuardVerdict.Execute:
                return new CallPlan(CallStep.Record, decision, null);
            default:
                return new CallPlan(CallStep.Block, decision, decision.Message ?? "The call is blocked.");
        }
    }

    /// <summary>
    /// The step once a human answered an <see cref="CallStep.Approval"/>: <see cref="CallStep.Record"/> when
    /// <paramref name="approval"/> is approved and binds this agent, tool, these arguments and the control setting in
    /// force <paramref name="now"/>; otherwise <see cref="CallStep.Deny"/>.
    /// </summary>
    /// <param name="plan">The approval step.</param>
    /// <param name="approval">The approval as last read.</param>
    /// <param name="argumentsDigest"><see cref="Serialization.CanonicalJson.Digest(System.Text.Json.JsonElement)"/> of the call's arguments.</param>
    /// <param name="now">The decision in force now: a change since the request was made may have lifted or replaced the setting it was bound to.</param>
    /// <param name="at">The current time, for the approval's expiry.</param>
    public static CallPlan AfterApproval(CallPlan plan, Approval approval, string argumentsDigest, GuardDecision now, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(approval);
        ArgumentNullException.ThrowIfNull(argumentsDigest);
        var tool = plan.Decision.ToolName ?? approval.Tool;
        if (now.Verdict == GuardVerdict.Block)
        {
            return new CallPlan(CallStep.Block, now, now.Message);
        }

        // The approving server binds the approval too; checking here as well means a confused or replayed answer cannot run other arguments.
        if (approval.Status == ApprovalStatus.Approved
            && approval.ToBinding().Matches(plan.Decision.AgentId ?? approval.AgentId, tool, argumentsDigest, now.ControlEpoch, at))
        {
            return new CallPlan(CallStep.Record, now, null);
        }

        return new CallPlan(CallStep.Deny, now, approval.Status switch
        {
            ApprovalStatus.Denied => $"Tool {tool} was not executed: a human denied it{(approval.DecidedBy is null ? string.Empty : $" ({approval.DecidedBy})")}{(approval.Reason is null ? "." : $": {approval.Reason}")}",
            ApprovalStatus.Pending or ApprovalStatus.Expired => $"Tool {tool} was not executed: no human approved it in time.",
            _ => $"Tool {tool} was not executed: the approval does not match these arguments or the current controls.",
        });
    }

    /// <summary>
    /// The step once the pending record was written: <see cref="CallStep.Refuse"/> when the idempotency key already
    /// named an action (<paramref name="prior"/>, whatever its outcome: a call runs at most once, and a pending one may
    /// have run); <see cref="CallStep.Block"/> when the decision <paramref name="now"/> no longer lets the call run (it
    /// runs only if the new decision executes or keeps the verdict it was planned under); otherwise
    /// <see cref="CallStep.Record"/>, meaning: run it.
    /// </summary>
    /// <param name="plan">The record step.</param>
    /// <param name="idempotencyKey">The call's key, for the refusal message.</param>
    /// <param name="prior">The outcome of the action the key already named; <see langword="null"/> when the record created it.</param>
    /// <param name="now">The control decision made again after the record.</param>
    public static CallPlan AfterRecord(CallPlan plan, string idempotencyKey, ActionOutcome? prior, GuardDecision now)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        if (prior is { } outcome)
        {
            return new CallPlan(CallStep.Refuse, plan.Decision, Replayed(plan.Decision.ToolName, idempotencyKey, outcome));
        }

        if (now.Verdict == GuardVerdict.Block || (now.Verdict != plan.Decision.Verdict && now.Verdict != GuardVerdict.Execute))
        {
            return new CallPlan(CallStep.Block, now, now.Message ?? plan.Decision.Message);
        }

        return new CallPlan(CallStep.Record, now, null);
    }

    /// <summary>The step when the point could not get the call recorded (or approved) before it ran: the call does not run.</summary>
    /// <param name="plan">The step that failed.</param>
    /// <param name="reason">What went wrong, such as the server's error.</param>
    public static CallPlan Unrecorded(CallPlan plan, string reason) =>
        new(CallStep.Block, plan.Decision, plan.Step == CallStep.Approval
            ? $"Tool {plan.Decision.ToolName} was not executed: Firebreak could not ask a human to approve it ({reason})."
            : $"Tool {plan.Decision.ToolName} was not executed: Firebreak could not record it before it ran ({reason}).");

    /// <summary>
    /// The step when the idempotency key already names a call with other arguments (the ledger or the approval store
    /// answered with a conflict): refused, since a key stands for one call and an approval for the exact arguments a human saw.
    /// </summary>
    public static CallPlan ReusedKey(CallPlan plan, string idempotencyKey) =>
        new(CallStep.Refuse, plan.Decision, $"Tool {plan.Decision.ToolName} was not executed: idempotency key '{idempotencyKey}' already names a call with other arguments, and a key stands for one call.");

    /// <summary>What the model reads when a kill (<paramref name="kill"/>) cancelled the call while its effect ran.</summary>
    public static string StoppedWhileRunning(GuardDecision kill) =>
        $"{kill.Message} The call was stopped while it ran; its effect may be partial.";

    private static string Replayed(string? tool, string idempotencyKey, ActionOutcome prior) =>
        prior == ActionOutcome.Pending
            ? $"Tool {tool} was not executed again: idempotency key '{idempotencyKey}' is already recorded as pending, so that call may have run, and a call runs at most once."
            : $"Tool {tool} was not executed again: idempotency key '{idempotencyKey}' already ended as {Words(prior)}, and a call runs at most once.";

    private static string Words(ActionOutcome outcome) => outcome switch
    {
        ActionOutcome.AwaitingApproval => "awaiting_approval",
        _ => outcome.ToString().ToLowerInvariant(),
    };
}
