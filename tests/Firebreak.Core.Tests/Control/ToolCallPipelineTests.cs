using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

/// <summary>The pipeline's steps after the first plan (the first plan is in conformance/decisions.json, run by <see cref="DecisionConformanceTests"/>).</summary>
public sealed class ToolCallPipelineTests
{
    private static readonly ControlDecider Decider = new();
    private static readonly ToolDefinition RefundTool = new(Refund, RiskClass.Financial);
    private static readonly JsonElement Arguments = JsonSerializer.SerializeToElement(new { orderId = "o-1", amount = 40 });
    private static readonly string Digest = CanonicalJson.Digest(Arguments);

    [Fact]
    public void AKillThatArrivesWhileThePendingRecordIsWrittenBlocksTheCall()
    {
        var plan = ToolCallPipeline.Plan(Decide(Snapshot()), GuardrailOutcome.Clean);

        var after = ToolCallPipeline.AfterRecord(plan, "k", prior: null, Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Killed))));

        Assert.Equal(CallStep.Block, after.Step);
        Assert.Equal("Tool issue_refund is blocked: agent support is killed by alice (reason: wrong refunds).", after.Message);
    }

    [Fact]
    public void AShadowSwitchedOnWhileThePendingRecordIsWrittenBlocksTheCall()
    {
        var plan = ToolCallPipeline.Plan(Decide(Snapshot()), GuardrailOutcome.Clean);

        var after = ToolCallPipeline.AfterRecord(plan, "k", prior: null, Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Shadow))));

        Assert.Equal(CallStep.Block, after.Step);
    }

    [Fact]
    public void AnApprovedCallStillUnderTheSameApprovalRuns()
    {
        var underApproval = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));
        var plan = ToolCallPipeline.Plan(underApproval, GuardrailOutcome.Clean);

        var approved = ToolCallPipeline.AfterApproval(plan, Approved(underApproval.ControlEpoch), Digest, underApproval, T0);
        var recorded = ToolCallPipeline.AfterRecord(approved, "k", prior: null, underApproval);

        Assert.Equal(CallStep.Approval, plan.Step);
        Assert.Equal(CallStep.Record, approved.Step);
        Assert.Equal(CallStep.Record, recorded.Step);
    }

    [Fact]
    public void AnApprovalOfOtherArgumentsDoesNotRunTheCall()
    {
        var underApproval = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));
        var plan = ToolCallPipeline.Plan(underApproval, GuardrailOutcome.Clean);
        var other = CanonicalJson.Digest(JsonSerializer.SerializeToElement(new { orderId = "o-1", amount = 4000 }));

        var after = ToolCallPipeline.AfterApproval(plan, Approved(underApproval.ControlEpoch), other, underApproval, T0);

        Assert.Equal(CallStep.Deny, after.Step);
        Assert.Equal("Tool issue_refund was not executed: the approval does not match these arguments or the current controls.", after.Message);
    }

    [Fact]
    public void AnApprovalGrantedUnderASettingSinceReplacedDoesNotRunTheCall()
    {
        var underApproval = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));
        var plan = ToolCallPipeline.Plan(underApproval, GuardrailOutcome.Clean);
        var reapplied = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 7)));

        Assert.Equal(CallStep.Deny, ToolCallPipeline.AfterApproval(plan, Approved(4), Digest, reapplied, T0).Step);
    }

    [Fact]
    public void AKillWhileAHumanDecidesBlocksTheCallEvenOnceApproved()
    {
        var underApproval = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));
        var plan = ToolCallPipeline.Plan(underApproval, GuardrailOutcome.Clean);
        var killed = Decide(Snapshot(Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Killed, epoch: 5), Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));

        Assert.Equal(CallStep.Block, ToolCallPipeline.AfterApproval(plan, Approved(4), Digest, killed, T0).Step);
    }

    [Theory]
    [InlineData(ApprovalStatus.Denied, "Tool issue_refund was not executed: a human denied it (bob): too large")]
    [InlineData(ApprovalStatus.Expired, "Tool issue_refund was not executed: no human approved it in time.")]
    [InlineData(ApprovalStatus.Pending, "Tool issue_refund was not executed: no human approved it in time.")]
    public void ACallNoHumanApprovedIsDeniedWithTheReason(ApprovalStatus status, string message)
    {
        var underApproval = Decide(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)));
        var plan = ToolCallPipeline.Plan(underApproval, GuardrailOutcome.Clean);
        var answer = Approved(4) with { Status = status, DecidedBy = "bob", Reason = "too large" };

        var after = ToolCallPipeline.AfterApproval(plan, answer, Digest, underApproval, T0);

        Assert.Equal(CallStep.Deny, after.Step);
        Assert.Equal(message, after.Message);
    }

    [Theory]
    [InlineData(ActionOutcome.Compensated, "already ended as compensated")]
    [InlineData(ActionOutcome.AwaitingApproval, "already ended as awaiting_approval")]
    [InlineData(ActionOutcome.Pending, "is already recorded as pending, so that call may have run")]
    public void ARepeatedKeyIsRefusedWhateverItsOutcome(ActionOutcome prior, string words)
    {
        var plan = ToolCallPipeline.Plan(Decide(Snapshot()), GuardrailOutcome.Clean);

        var after = ToolCallPipeline.AfterRecord(plan, "run_1:refund", prior, Decide(Snapshot()));

        Assert.Equal(CallStep.Refuse, after.Step);
        Assert.Contains($"idempotency key 'run_1:refund' {words}", after.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallThatCouldNotBeRecordedDoesNotRun()
    {
        var plan = ToolCallPipeline.Plan(Decide(Snapshot()), GuardrailOutcome.Clean);

        var after = ToolCallPipeline.Unrecorded(plan, "connection refused");

        Assert.Equal(CallStep.Block, after.Step);
        Assert.Equal("Tool issue_refund was not executed: Firebreak could not record it before it ran (connection refused).", after.Message);
    }

    private static GuardDecision Decide(ControlSnapshot snapshot) => Decider.DecideToolCall(snapshot, Agent, RefundTool, LeaseState.Fresh, T0);

    private static Approval Approved(long controlEpoch) =>
        new("apr_1", Agent, Refund, Arguments, Digest, "k", controlEpoch, ApprovalStatus.Approved, T0, T0.AddMinutes(5), DecidedBy: "bob");
}
