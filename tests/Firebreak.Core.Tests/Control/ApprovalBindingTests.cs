using System.Text.Json;
using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Serialization;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ApprovalBindingTests
{
    private static readonly ControlDecider Decider = new();
    private static readonly ToolDefinition RefundTool = new(Refund, RiskClass.Financial);
    private static readonly DateTimeOffset Expiry = T0.AddMinutes(10);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Digest(string json) => CanonicalJson.Digest(Json(json));

    private static ApprovalBinding Binding(long epoch = 4) =>
        new(Agent, Refund, Digest("""{"order":812,"amount":20}"""), epoch, Expiry, "carol");

    public static TheoryData<string, string, string, long, long, bool> Cases() => new()
    {
        { "same call", Refund, """{"order":812,"amount":20}""", 4, 0, true },
        { "same arguments, other member order and spacing", Refund, """{ "amount": 20, "order": 812 }""", 4, 0, true },
        { "changed amount", Refund, """{"order":812,"amount":200}""", 4, 0, false },
        { "changed order", Refund, """{"order":813,"amount":20}""", 4, 0, false },
        { "extra argument", Refund, """{"order":812,"amount":20,"note":"x"}""", 4, 0, false },
        { "other tool", "adjust_credit", """{"order":812,"amount":20}""", 4, 0, false },
        { "control setting changed since", Refund, """{"order":812,"amount":20}""", 5, 0, false },
        { "older control setting", Refund, """{"order":812,"amount":20}""", 3, 0, false },
        { "one tick before expiry", Refund, """{"order":812,"amount":20}""", 4, 599_999_9999, true },
        { "at expiry", Refund, """{"order":812,"amount":20}""", 4, 600_000_0000, false },
        { "after expiry", Refund, """{"order":812,"amount":20}""", 4, 900_000_0000, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_OnlyTheExactApprovedCall(string name, string tool, string arguments, long controlEpoch, long ticksAfterT0, bool expected) =>
        Assert.True(
            expected == Binding().Matches(Agent, tool, Digest(arguments), controlEpoch, T0.AddTicks(ticksAfterT0)),
            name);

    [Fact]
    public void Matches_RefusesAnotherAgentsToolOfTheSameName() =>
        Assert.False(Binding().Matches(OtherAgent, Refund, Digest("""{"order":812,"amount":20}"""), 4, T0));

    [Fact]
    public void Approve_BindsToTheSettingThatRequiredApproval_AndSurvivesChangesElsewhere()
    {
        var arguments = Json("""{"order":812,"amount":20}""");
        var snapshot = ControlSnapshot.Empty
            .Apply(new ControlChange("alice", "wrong refunds", T0, [ControlScope.ForAgent(Agent)], ControlMode.Approval));
        var held = Decider.DecideToolCall(snapshot, Agent, RefundTool, LeaseState.Fresh, T0);
        var approval = ApprovalBinding.Approve(held, arguments, Expiry, "carol");

        var elsewhere = snapshot.Apply(new ControlChange("bob", "noisy", T0, [ControlScope.ForAgent(OtherAgent)], ControlMode.Killed));
        var again = Decider.DecideToolCall(elsewhere, Agent, RefundTool, LeaseState.Fresh, T0.AddMinutes(1));

        Assert.Equal(1, approval.ControlEpoch);
        Assert.Equal(2, elsewhere.Epoch);
        Assert.Equal(GuardVerdict.RequireApproval, again.Verdict);
        Assert.True(approval.Matches(again, CanonicalJson.Digest(arguments), T0.AddMinutes(1)));
    }

    [Fact]
    public void ReissuedApprovalMode_VoidsEarlierApprovals()
    {
        var arguments = Json("""{"order":812,"amount":20}""");
        var approvalMode = new ControlChange("alice", "wrong refunds", T0, [ControlScope.ForAgent(Agent)], ControlMode.Approval);
        var snapshot = ControlSnapshot.Empty.Apply(approvalMode);
        var approval = ApprovalBinding.Approve(Decider.DecideToolCall(snapshot, Agent, RefundTool, LeaseState.Fresh, T0), arguments, Expiry, "carol");

        var reissued = snapshot.Apply(approvalMode with { Reason = "refunds to wrong customers" });
        var again = Decider.DecideToolCall(reissued, Agent, RefundTool, LeaseState.Fresh, T0.AddMinutes(1));

        Assert.False(approval.Matches(again, CanonicalJson.Digest(arguments), T0.AddMinutes(1)));
    }

    [Theory]
    [InlineData(ControlMode.Normal)]
    [InlineData(ControlMode.Shadow)]
    [InlineData(ControlMode.Killed)]
    public void Approve_RefusesDecisionsThatDidNotAskForApproval(ControlMode mode)
    {
        var decision = Decider.DecideToolCall(Snapshot(Setting(ControlScope.ForAgent(Agent), mode)), Agent, RefundTool, LeaseState.Fresh, T0);

        Assert.Throws<ArgumentException>(() => ApprovalBinding.Approve(decision, Json("{}"), Expiry, "carol"));
    }

    [Fact]
    public void Matches_RefusesRunStartDecisions()
    {
        var decision = ControlDecider.DecideRunStart(Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Approval, epoch: 4)), Agent, T0);

        Assert.False(Binding().Matches(decision, Digest("""{"order":812,"amount":20}"""), T0));
    }
}
