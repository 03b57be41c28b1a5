using Firebreak.Control;
using Firebreak.Registry;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlDeciderContextReadTests
{
    private const string Channel = "resources/read";

    private static readonly ControlDecider Decider = new();

    [Theory]
    [InlineData(ControlMode.Normal, ControlScopeKind.Global, GuardVerdict.Execute)]
    [InlineData(ControlMode.Approval, ControlScopeKind.Global, GuardVerdict.Execute)]
    [InlineData(ControlMode.Approval, ControlScopeKind.Agent, GuardVerdict.Execute)]
    [InlineData(ControlMode.Shadow, ControlScopeKind.Global, GuardVerdict.Execute)]
    [InlineData(ControlMode.Shadow, ControlScopeKind.Agent, GuardVerdict.Execute)]
    [InlineData(ControlMode.Fallback, ControlScopeKind.Global, GuardVerdict.Execute)]
    [InlineData(ControlMode.Fallback, ControlScopeKind.Agent, GuardVerdict.Execute)]
    [InlineData(ControlMode.Paused, ControlScopeKind.Global, GuardVerdict.Block)]
    [InlineData(ControlMode.Paused, ControlScopeKind.Agent, GuardVerdict.Block)]
    [InlineData(ControlMode.Killed, ControlScopeKind.Global, GuardVerdict.Block)]
    [InlineData(ControlMode.Killed, ControlScopeKind.Agent, GuardVerdict.Block)]
    [InlineData(ControlMode.Killed, ControlScopeKind.Tool, GuardVerdict.Execute)]
    public void DecideContextRead_FollowsTheReadColumn_ExceptThatAPauseBlocks(ControlMode mode, ControlScopeKind scope, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ScopeOf(scope), mode));

        var decision = Decider.DecideContextRead(snapshot, Agent, Channel, LeaseState.Fresh, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(RiskClass.Read, decision.Risk);
        Assert.Equal(Channel, decision.ToolName);
    }

    [Theory]
    [InlineData(ControlMode.Normal, GuardVerdict.Execute)]
    [InlineData(ControlMode.Paused, GuardVerdict.Block)]
    [InlineData(ControlMode.Killed, GuardVerdict.Block)]
    public void StaleLease_FailsOpen_AsForAReadTool(ControlMode lastKnown, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), lastKnown));

        var decision = Decider.DecideContextRead(snapshot, Agent, Channel, LeaseState.Stale, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.False(decision.FailedClosed);
    }

    [Theory]
    [InlineData(ControlMode.Killed, "Tool prompts/get is blocked: agent support is killed by alice (reason: wrong refunds, incident INC-7).")]
    [InlineData(ControlMode.Paused, "Tool prompts/get is blocked: agent support is paused by alice (reason: wrong refunds, incident INC-7).")]
    public void ABlockedRead_NamesTheControlInForce(ControlMode mode, string message)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), mode, incidentId: "INC-7"));

        var decision = Decider.DecideContextRead(snapshot, Agent, "prompts/get", LeaseState.Fresh, T0);

        Assert.Equal(message, decision.Message);
        Assert.Equal(mode, decision.Mode);
    }

    [Fact]
    public void APauseOfAnotherAgent_DoesNotBlock()
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(OtherAgent), ControlMode.Paused));

        Assert.True(Decider.DecideContextRead(snapshot, Agent, Channel, LeaseState.Fresh, T0).IsExecute);
    }
}
