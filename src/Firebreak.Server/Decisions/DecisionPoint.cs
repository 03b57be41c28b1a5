using System.Runtime.CompilerServices;
using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using Firebreak.Server.Approvals;
using Firebreak.Server.Control;
using Firebreak.Server.Held;
using Firebreak.Server.Ledger;
using Firebreak.Server.Storage;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Decisions;

/// <summary>
/// The server as an enforcement point for agents in any language (<c>POST /api/v1/decisions</c>): it takes a call
/// through <see cref="ToolCallPipeline"/> — decide from this node's snapshot, argument guardrails, ask for approval,
/// record before execute, decide again — and stops where the effect would run, which is the caller's. It never waits:
/// a call that needs a human is answered <see cref="DecisionOutcome.ApprovalRequired"/>, and asked again once decided.
/// </summary>
internal sealed class DecisionPoint(LedgerStore ledger, ApprovalStore approvals, HeldStore held, ControlPlane plane, IOptions<ControlOptions> options, TimeProvider time)
{
    private const string PointKind = "decisions";

    // The registry hands out one instance per definition until it changes, so its compiled rules are kept with it.
    private readonly ConditionalWeakTable<AgentDefinition, AgentRules> _rules = new();

    public async Task<DecisionResponse> DecideAsync(DecisionRequest request, AgentDefinition agent, CancellationToken cancellationToken)
    {
        var rules = _rules.GetValue(agent, AgentRules.Compile);
        var decision = Decide(rules, request.Tool);
        var guardrails = ToolCallPipeline.InspectsArguments(decision)
            ? rules.Guardrails.CheckArguments(request.Tool, request.Arguments, plane.Current.IsStrict(agent.Id))
            : GuardrailOutcome.Clean;
        await RecordHitsAsync(request, agent.Id, guardrails, cancellationToken);
        var plan = ToolCallPipeline.Plan(decision, guardrails);
        if (plan.Step == CallStep.Execute)
        {
            // A read the caller records once it ran: nothing to write here, the hot path of this endpoint.
            return Answer(DecisionOutcome.Allow, plan, guardrails);
        }

        var traced = rules.Guardrails.RedactForTrace(request.Arguments);
        switch (plan.Step)
        {
            case CallStep.Shadow:
                var simulated = JsonSerializer.SerializeToElement(new ShadowedResult(true, request.Tool, plan.Message!), FirebreakJson.Options);
                var shadowed = await ledger.RecordActionAsync(request.ToRecord(ActionOutcome.Shadowed, traced, simulated), cancellationToken);
                return Answer(DecisionOutcome.Shadow, plan, guardrails) with { Action = shadowed.Value, Result = simulated };
            case CallStep.Block:
                var hits = guardrails.Blocks ? JsonSerializer.SerializeToElement(new { guardrails = guardrails.Hits }, FirebreakJson.Options) : (JsonElement?)null;
                var blocked = await ledger.RecordActionAsync(request.ToRecord(ActionOutcome.Blocked, traced, hits), cancellationToken);
                return Deny(plan, guardrails.Blocks ? DecisionReason.Guardrail : DecisionReason.Control, blocked.Value, guardrails);
            case CallStep.Approval:
                var (answer, approved) = await ApprovalAsync(request, rules, plan, guardrails, traced, cancellationToken);
                if (answer is not null)
                {
                    return answer;
                }

                plan = approved;
                break;
            default:
                break;
        }

        var recorded = await ledger.RecordActionAsync(request.ToRecord(ActionOutcome.Pending, traced), cancellationToken);
        plan = recorded.Status switch
        {
            WriteStatus.Created => ToolCallPipeline.AfterRecord(plan, request.IdempotencyKey, null, Decide(rules, request.Tool)),
            WriteStatus.Existing => ToolCallPipeline.AfterRecord(plan, request.IdempotencyKey, recorded.Value!.Outcome, Decide(rules, request.Tool)),
            WriteStatus.Conflict => ToolCallPipeline.ReusedKey(plan, request.IdempotencyKey),
            _ => ToolCallPipeline.Unrecorded(plan, recorded.Detail!),
        };
        switch (plan.Step)
        {
            case CallStep.Refuse:
                return Deny(plan, DecisionReason.Replay, recorded.Value, guardrails);
            case CallStep.Block when recorded.Status == WriteStatus.Created:
                var completed = await ledger.CompleteActionAsync(
                    new CompleteActionRequest(agent.Id, request.IdempotencyKey, ActionOutcome.Blocked, Error: plan.Message), cancellationToken);
                return Deny(plan, DecisionReason.Control, completed.Value, guardrails);
            case CallStep.Block:
                return Deny(plan, DecisionReason.Unrecorded, null, guardrails);
            default:
                return Answer(DecisionOutcome.Allow, plan, guardrails) with { Action = recorded.Value };
        }
    }

    /// <summary>Starts a run, holds its input or answers with the agent's fallback (<see cref="RunStartPipeline"/>); the run gets its release as the SDK guard picks it.</summary>
    public async Task<RunDecisionResponse> DecideRunAsync(RunDecisionRequest request, AgentDefinition agent, CancellationToken cancellationToken)
    {
        var snapshot = plane.Current;
        var decision = ControlDecider.DecideRunStart(snapshot, agent.Id, time.GetUtcNow());
        var answer = new RunDecisionResponse(DecisionOutcome.Deny, decision.SnapshotEpoch, decision.Mode, decision.Message, decision.DecidedBy, null, null, null);
        var input = request.Input ?? JsonSerializer.SerializeToElement(new { }, FirebreakJson.Options);
        switch (RunStartPipeline.Plan(decision, agent.Fallback))
        {
            case RunStartStep.Start:
                return answer with { Outcome = DecisionOutcome.Allow, Run = await StartRunAsync(request, snapshot, cancellationToken) };
            case RunStartStep.StartReadOnly:
                return answer with { Outcome = DecisionOutcome.Fallback, Fallback = agent.Fallback, Run = await StartRunAsync(request, snapshot, cancellationToken) };
            case RunStartStep.Hold:
                var item = await held.HoldAsync(new HeldItemRequest(agent.Id, input, decision.Message!, request.CorrelationId), cancellationToken);
                return answer with { Outcome = DecisionOutcome.Held, Held = item };
            case RunStartStep.HandOff:
                var reason = RunStartPipeline.HandOffReason(decision, agent.Fallback);
                var handedOff = await held.HoldAsync(new HeldItemRequest(agent.Id, input, reason, request.CorrelationId), cancellationToken);
                return answer with { Outcome = DecisionOutcome.Fallback, Fallback = agent.Fallback, Held = handedOff };
            case RunStartStep.ServeFallback:
                return answer with { Outcome = DecisionOutcome.Fallback, Fallback = agent.Fallback };
            default:
                return answer;
        }
    }

    private async Task<RunRecord> StartRunAsync(RunDecisionRequest request, ControlSnapshot snapshot, CancellationToken cancellationToken)
    {
        var releaseId = snapshot.ReleaseOf(request.AgentId)?.ReleaseFor(request.RoutingKey ?? request.CorrelationId ?? Guid.NewGuid().ToString("N"));
        var started = await ledger.StartRunAsync(
            new StartRunRequest(request.AgentId, CorrelationId: request.CorrelationId, Traceparent: request.Traceparent, Release: releaseId is null ? null : new ReleaseRef(releaseId), Input: request.Input),
            cancellationToken);
        return started.Value!;
    }

    /// <summary>The answer when the call cannot go on yet (or at all); otherwise the record step the approval leads to.</summary>
    private async Task<(DecisionResponse? Answer, CallPlan Next)> ApprovalAsync(
        DecisionRequest request, AgentRules rules, CallPlan plan, GuardrailOutcome guardrails, JsonElement traced, CancellationToken cancellationToken)
    {
        // A repeat under the same key returns the original request, so asking again is how the caller learns the answer.
        var created = await approvals.CreateAsync(
            new ApprovalRequest(request.AgentId, request.Tool, request.Arguments, request.IdempotencyKey, plan.Decision.ControlEpoch, request.RunId, request.Amount, request.Currency),
            options.Value.ApprovalTimeout,
            cancellationToken);
        if (created.Value is not { } approval)
        {
            return created.Status == WriteStatus.Conflict
                ? (Deny(ToolCallPipeline.ReusedKey(plan, request.IdempotencyKey), DecisionReason.Replay, null, guardrails), plan)
                : (Deny(ToolCallPipeline.Unrecorded(plan, created.Detail!), DecisionReason.Unrecorded, null, guardrails), plan);
        }

        if (approval.Status == ApprovalStatus.Pending && time.GetUtcNow() < approval.ExpiresAt)
        {
            return (Answer(DecisionOutcome.ApprovalRequired, plan, guardrails) with { Approval = approval }, plan);
        }

        var next = ToolCallPipeline.AfterApproval(plan, approval, CanonicalJson.Digest(request.Arguments), Decide(rules, request.Tool), time.GetUtcNow());
        switch (next.Step)
        {
            case CallStep.Record:
                return (null, next);
            case CallStep.Deny:
                var denied = await ledger.RecordActionAsync(request.ToRecord(ActionOutcome.Denied, traced), cancellationToken);
                return (Deny(next, DecisionReason.ApprovalDenied, denied.Value, guardrails) with { Approval = approval }, next);
            default:
                var blocked = await ledger.RecordActionAsync(request.ToRecord(ActionOutcome.Blocked, traced), cancellationToken);
                return (Deny(next, DecisionReason.Control, blocked.Value, guardrails), next);
        }
    }

    /// <summary>Decides from this node's snapshot, whose lease is never stale: it is where leases come from.</summary>
    private GuardDecision Decide(AgentRules rules, string tool) =>
        rules.Decider.DecideToolCall(plane.Current, rules.Agent.Id, tool, rules.Agent.FindTool(tool), LeaseState.Fresh, time.GetUtcNow());

    /// <summary>Counts each hit and, for a call inside a run, records it as a <c>guardrail</c> step of the run's trace, as the SDK guard does.</summary>
    private async Task RecordHitsAsync(DecisionRequest request, string agentId, GuardrailOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var hit in outcome.Hits)
        {
            GuardrailMetrics.Hits.Add(1, GuardrailMetrics.Tags(agentId, hit, PointKind));
            if (request.RunId is { } runId)
            {
                await ledger.AppendStepAsync(
                    runId,
                    new AppendStepRequest(StepKind.Guardrail, hit.Guardrail, JsonSerializer.SerializeToElement(hit, FirebreakJson.Options)),
                    cancellationToken);
            }
        }
    }

    private static DecisionResponse Answer(DecisionOutcome outcome, CallPlan plan, GuardrailOutcome guardrails) =>
        new(outcome, plan.Decision.SnapshotEpoch, plan.Decision.Risk, plan.Decision.Mode, plan.Message, null, plan.Decision.DecidedBy, null, null, null, guardrails.Hits);

    private static DecisionResponse Deny(CallPlan plan, DecisionReason reason, ActionRecord? action, GuardrailOutcome guardrails) =>
        Answer(DecisionOutcome.Deny, plan, guardrails) with { Reason = reason, Action = action };

    /// <summary>An agent definition's decider and guardrails, compiled once per definition.</summary>
    private sealed record AgentRules(AgentDefinition Agent, ControlDecider Decider, GuardrailEvaluator Guardrails)
    {
        public static AgentRules Compile(AgentDefinition agent) =>
            new(
                agent,
                new ControlDecider(agent.Mcp is { } mcp ? new ControlDeciderOptions { UnknownToolRisk = mcp.EffectiveUnregisteredToolRisk } : null),
                GuardrailEvaluator.Compile(agent.Guardrails));
    }
}
