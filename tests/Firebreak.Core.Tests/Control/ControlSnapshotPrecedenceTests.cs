using Firebreak.Control;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlSnapshotPrecedenceTests
{
    /// <summary>Every combination of a mode at global, agent and tool scope (6 x 6 x 6).</summary>
    public static TheoryData<ControlMode, ControlMode, ControlMode> AllScopeCombinations()
    {
        var data = new TheoryData<ControlMode, ControlMode, ControlMode>();
        foreach (var global in Modes)
        {
            foreach (var agent in Modes)
            {
                foreach (var tool in Modes)
                {
                    data.Add(global, agent, tool);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllScopeCombinations))]
    public void EffectiveMode_IsTheMostRestrictiveScope_AndTheWidestScopeDecidesTies(ControlMode global, ControlMode agent, ControlMode tool)
    {
        var snapshot = Snapshot(
            Setting(ControlScope.Global, global),
            Setting(ControlScope.ForAgent(Agent), agent),
            Setting(ControlScope.ForTool(Agent, Refund), tool));

        var effective = snapshot.EffectiveMode(Agent, Refund, T0);

        var expected = (ControlMode)Math.Max((int)global, Math.Max((int)agent, (int)tool));
        Assert.Equal(expected, effective.Mode);
        var expectedScope = expected == ControlMode.Normal ? null
            : global == expected ? "global"
            : agent == expected ? "agent:support"
            : "tool:support/issue_refund";
        Assert.Equal(expectedScope, effective.DecidedBy?.Scope.Key);
    }

    public static TheoryData<ControlMode, ControlMode> AgentAndToolCombinations()
    {
        var data = new TheoryData<ControlMode, ControlMode>();
        foreach (var agent in Modes)
        {
            foreach (var tool in Modes)
            {
                data.Add(agent, tool);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AgentAndToolCombinations))]
    public void RunLevelEffectiveMode_IgnoresToolScopes(ControlMode agent, ControlMode tool)
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForAgent(Agent), agent),
            Setting(ControlScope.ForTool(Agent, Refund), tool));

        var effective = snapshot.EffectiveMode(Agent, T0);

        Assert.Equal(agent, effective.Mode);
        Assert.Equal(agent == ControlMode.Normal ? null : "agent:support", effective.DecidedBy?.Scope.Key);
    }

    [Fact]
    public void Kill_OnAgent_OverridesShadowOnTool()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForAgent(Agent), ControlMode.Killed),
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Shadow));

        var effective = snapshot.EffectiveMode(Agent, Refund, T0);

        Assert.Equal(ControlMode.Killed, effective.Mode);
        Assert.Equal(ControlScope.ForAgent(Agent), effective.DecidedBy!.Scope);
    }

    [Fact]
    public void Kill_OnTool_OverridesApprovalOnAgent()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForAgent(Agent), ControlMode.Approval),
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Killed));

        Assert.Equal(ControlMode.Killed, snapshot.EffectiveMode(Agent, Refund, T0).Mode);
        Assert.Equal(ControlMode.Approval, snapshot.EffectiveMode(Agent, Lookup, T0).Mode);
    }

    [Fact]
    public void Settings_OfOneAgent_DoNotReachAnother()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForAgent(Agent), ControlMode.Killed),
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Killed));

        Assert.Equal(EffectiveControl.Normal, snapshot.EffectiveMode(OtherAgent, Refund, T0));
        Assert.Equal(EffectiveControl.Normal, snapshot.EffectiveMode(OtherAgent, T0));
    }

    [Fact]
    public void Global_ReachesAgentsWithNoSettingOfTheirOwn()
    {
        var snapshot = Snapshot(Setting(ControlScope.Global, ControlMode.Shadow));

        var effective = snapshot.EffectiveMode("never-seen", "any_tool", T0);

        Assert.Equal(ControlMode.Shadow, effective.Mode);
        Assert.Equal(ControlScope.Global, effective.DecidedBy!.Scope);
    }

    [Fact]
    public void EmptySnapshot_IsNormalEverywhere()
    {
        Assert.Equal(EffectiveControl.Normal, ControlSnapshot.Empty.EffectiveMode(Agent, Refund, T0));
        Assert.Null(ControlSnapshot.Empty.EffectiveMode(Agent, T0).DecidedBy);
    }

    [Fact]
    public void EffectiveMode_AllocatesNothing()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.Global, ControlMode.Approval),
            Setting(ControlScope.ForAgent(Agent), ControlMode.Shadow),
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Killed, expiresAt: T0.AddHours(1)));
        var mode = ControlMode.Normal;

        var allocated = Allocations.Of(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                mode = snapshot.EffectiveMode(Agent, Refund, T0).Mode;
                mode = snapshot.EffectiveMode(Agent, Lookup, T0).Mode;
                mode = snapshot.EffectiveMode(OtherAgent, Refund, T0).Mode;
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(ControlMode.Approval, mode);
    }
}
