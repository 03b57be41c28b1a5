using Firebreak.Control;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlDeciderRunStartTests
{
    [Theory]
    [InlineData(ControlMode.Normal, GuardVerdict.Execute)]
    [InlineData(ControlMode.Approval, GuardVerdict.Execute)]
    [InlineData(ControlMode.Shadow, GuardVerdict.Execute)]
    [InlineData(ControlMode.Fallback, GuardVerdict.Fallback)]
    [InlineData(ControlMode.Paused, GuardVerdict.Hold)]
    [InlineData(ControlMode.Killed, GuardVerdict.Block)]
    public void DecideRunStart_FollowsTheModeAtGlobalAndAgentScope(ControlMode mode, GuardVerdict expected)
    {
        var atAgent = ControlDecider.DecideRunStart(Snapshot(Setting(ControlScope.ForAgent(Agent), mode)), Agent, T0);
        var atGlobal = ControlDecider.DecideRunStart(Snapshot(Setting(ControlScope.Global, mode)), Agent, T0);

        Assert.Equal(expected, atAgent.Verdict);
        Assert.Equal(expected, atGlobal.Verdict);
        Assert.Equal(mode, atAgent.Mode);
        Assert.Null(atAgent.ToolName);
        Assert.Null(atAgent.Risk);
    }

    [Theory]
    [InlineData(ControlMode.Fallback)]
    [InlineData(ControlMode.Paused)]
    [InlineData(ControlMode.Killed)]
    public void ToolScopes_DoNotStopRunsFromStarting(ControlMode mode)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForTool(Agent, Refund), mode));

        var decision = ControlDecider.DecideRunStart(snapshot, Agent, T0);

        Assert.Equal(GuardVerdict.Execute, decision.Verdict);
        Assert.Null(decision.Message);
    }

    [Fact]
    public void ExpiredPause_NoLongerHoldsRuns()
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Paused, expiresAt: T0.AddMinutes(15)));

        Assert.Equal(GuardVerdict.Hold, ControlDecider.DecideRunStart(snapshot, Agent, T0.AddMinutes(14)).Verdict);
        Assert.Equal(GuardVerdict.Execute, ControlDecider.DecideRunStart(snapshot, Agent, T0.AddMinutes(15)).Verdict);
    }

    [Theory]
    [InlineData(ControlMode.Killed, "Agent support cannot start a run: agent support is killed by alice (reason: wrong refunds, incident INC-7).")]
    [InlineData(ControlMode.Paused, "Agent support is not starting new runs: agent support is paused by alice (reason: wrong refunds, incident INC-7); the input is held for human review.")]
    [InlineData(ControlMode.Fallback, "Agent support serves its fallback: agent support is in fallback by alice (reason: wrong refunds, incident INC-7).")]
    public void NonExecuteVerdicts_ExplainWhoDecidedAndWhy(ControlMode mode, string message)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), mode, incidentId: "INC-7"));

        Assert.Equal(message, ControlDecider.DecideRunStart(snapshot, Agent, T0).Message);
    }

    [Fact]
    public void GlobalKill_NamesAllAgents() =>
        Assert.Equal(
            "Agent support cannot start a run: all agents are killed by alice (reason: wrong refunds).",
            ControlDecider.DecideRunStart(Snapshot(Setting(ControlScope.Global, ControlMode.Killed)), Agent, T0).Message);
}
