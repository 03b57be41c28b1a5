using Firebreak.Control;
using Firebreak.Registry;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlDeciderToolCallTests
{
    private static readonly ControlDecider Decider = new();

    /// <summary>
    /// The decision table, per mode and the scope that set it: the verdict for a read tool and for a risky tool,
    /// with a fresh lease and with a stale one (tools keep their default fail mode: reads open, risky closed).
    /// </summary>
    private static readonly (ControlMode Mode, ControlScopeKind Scope, GuardVerdict Read, GuardVerdict Risky, GuardVerdict StaleRead, GuardVerdict StaleRisky)[] Table =
    [
        (ControlMode.Normal, ControlScopeKind.Global, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Approval, ControlScopeKind.Global, GuardVerdict.Execute, GuardVerdict.RequireApproval, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Approval, ControlScopeKind.Agent, GuardVerdict.Execute, GuardVerdict.RequireApproval, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Approval, ControlScopeKind.Tool, GuardVerdict.Execute, GuardVerdict.RequireApproval, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Shadow, ControlScopeKind.Global, GuardVerdict.Execute, GuardVerdict.Shadow, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Shadow, ControlScopeKind.Agent, GuardVerdict.Execute, GuardVerdict.Shadow, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Shadow, ControlScopeKind.Tool, GuardVerdict.Execute, GuardVerdict.Shadow, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Fallback, ControlScopeKind.Global, GuardVerdict.Execute, GuardVerdict.Block, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Fallback, ControlScopeKind.Agent, GuardVerdict.Execute, GuardVerdict.Block, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Fallback, ControlScopeKind.Tool, GuardVerdict.Execute, GuardVerdict.Block, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Paused, ControlScopeKind.Global, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Paused, ControlScopeKind.Agent, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Execute, GuardVerdict.Block),
        (ControlMode.Paused, ControlScopeKind.Tool, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block),
        (ControlMode.Killed, ControlScopeKind.Global, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block),
        (ControlMode.Killed, ControlScopeKind.Agent, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block),
        (ControlMode.Killed, ControlScopeKind.Tool, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block, GuardVerdict.Block),
    ];

    public static TheoryData<ControlMode, ControlScopeKind, RiskClass, LeaseState, GuardVerdict> DecisionTable()
    {
        var data = new TheoryData<ControlMode, ControlScopeKind, RiskClass, LeaseState, GuardVerdict>();
        foreach (var row in Table)
        {
            foreach (var risk in Enum.GetValues<RiskClass>())
            {
                var read = risk == RiskClass.Read;
                data.Add(row.Mode, row.Scope, risk, LeaseState.Fresh, read ? row.Read : row.Risky);
                data.Add(row.Mode, row.Scope, risk, LeaseState.Stale, read ? row.StaleRead : row.StaleRisky);
            }
        }

        return data;
    }

    [Fact]
    public void DecisionTable_CoversEveryModeAtEveryScope()
    {
        foreach (var mode in Modes.Where(m => m != ControlMode.Normal))
        {
            foreach (var scope in Enum.GetValues<ControlScopeKind>())
            {
                Assert.Contains(Table, row => row.Mode == mode && row.Scope == scope);
            }
        }
    }

    [Theory]
    [MemberData(nameof(DecisionTable))]
    public void DecideToolCall_FollowsTheDecisionTable(ControlMode mode, ControlScopeKind scope, RiskClass risk, LeaseState lease, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ScopeOf(scope), mode));
        var tool = new ToolDefinition(Refund, risk);

        var decision = Decider.DecideToolCall(snapshot, Agent, tool, lease, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(expected == GuardVerdict.Execute, decision.Message is null);
        Assert.Equal(lease == LeaseState.Stale && risk != RiskClass.Read, decision.FailedClosed);
        Assert.Equal(risk, decision.Risk);
        Assert.Equal(10, decision.SnapshotEpoch);
    }

    [Theory]
    [InlineData(RiskClass.Financial, FailMode.Open, ControlMode.Normal, GuardVerdict.Execute)]
    [InlineData(RiskClass.Financial, FailMode.Open, ControlMode.Shadow, GuardVerdict.Shadow)]
    [InlineData(RiskClass.Financial, FailMode.Open, ControlMode.Killed, GuardVerdict.Block)]
    [InlineData(RiskClass.Read, FailMode.Closed, ControlMode.Normal, GuardVerdict.Block)]
    [InlineData(RiskClass.Read, FailMode.Open, ControlMode.Killed, GuardVerdict.Block)]
    public void StaleLease_AppliesTheDeclaredFailMode(RiskClass risk, FailMode failMode, ControlMode lastKnown, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), lastKnown));
        var tool = new ToolDefinition(Refund, risk, FailMode: failMode);

        var decision = Decider.DecideToolCall(snapshot, Agent, tool, LeaseState.Stale, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(failMode == FailMode.Closed, decision.FailedClosed);
    }

    [Fact]
    public void StaleLease_OnAFailClosedTool_SaysTheControlPlaneIsUnreachable()
    {
        var decision = Decider.DecideToolCall(ControlSnapshot.Empty, Agent, new ToolDefinition(Refund, RiskClass.Financial), LeaseState.Stale, T0);

        Assert.Equal(
            "Tool issue_refund is blocked: the Firebreak control plane is unreachable (control lease is stale) and this tool fails closed.",
            decision.Message);
    }

    [Theory]
    [InlineData(LeaseState.Fresh, ControlMode.Normal, GuardVerdict.Execute)]
    [InlineData(LeaseState.Fresh, ControlMode.Approval, GuardVerdict.RequireApproval)]
    [InlineData(LeaseState.Fresh, ControlMode.Shadow, GuardVerdict.Shadow)]
    [InlineData(LeaseState.Fresh, ControlMode.Fallback, GuardVerdict.Block)]
    [InlineData(LeaseState.Stale, ControlMode.Normal, GuardVerdict.Block)]
    public void UnknownTool_IsTreatedAsIrreversible_ByDefault(LeaseState lease, ControlMode mode, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), mode));

        var decision = Decider.DecideToolCall(snapshot, Agent, "mystery_tool", null, lease, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(RiskClass.Irreversible, decision.Risk);
    }

    [Theory]
    [InlineData(LeaseState.Fresh, ControlMode.Shadow, GuardVerdict.Execute)]
    [InlineData(LeaseState.Stale, ControlMode.Normal, GuardVerdict.Execute)]
    [InlineData(LeaseState.Fresh, ControlMode.Killed, GuardVerdict.Block)]
    public void UnknownTool_UsesTheConfiguredRiskClass(LeaseState lease, ControlMode mode, GuardVerdict expected)
    {
        var decider = new ControlDecider(new ControlDeciderOptions { UnknownToolRisk = RiskClass.Read });
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), mode));

        var decision = decider.DecideToolCall(snapshot, Agent, "mystery_tool", null, lease, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(RiskClass.Read, decision.Risk);
    }

    [Fact]
    public void Options_RefuseAnUndefinedRiskClass() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ControlDecider(new ControlDeciderOptions { UnknownToolRisk = (RiskClass)99 }));

    [Theory]
    [InlineData(ControlScopeKind.Global, ControlScopeKind.Agent, ControlMode.Approval, GuardVerdict.RequireApproval)]
    [InlineData(ControlScopeKind.Global, ControlScopeKind.Tool, ControlMode.Shadow, GuardVerdict.Shadow)]
    [InlineData(ControlScopeKind.Agent, ControlScopeKind.Tool, ControlMode.Approval, GuardVerdict.RequireApproval)]
    [InlineData(ControlScopeKind.Agent, ControlScopeKind.Tool, ControlMode.Fallback, GuardVerdict.Block)]
    [InlineData(ControlScopeKind.Agent, ControlScopeKind.Global, ControlMode.Killed, GuardVerdict.Block)]
    [InlineData(ControlScopeKind.Agent, ControlScopeKind.Global, ControlMode.Normal, GuardVerdict.Execute)]
    public void Pause_AtAWideScope_LetsToolCallsContinueUnderTheRemainingControls(
        ControlScopeKind pausedScope, ControlScopeKind otherScope, ControlMode otherMode, GuardVerdict expected)
    {
        var snapshot = Snapshot(Setting(ScopeOf(pausedScope), ControlMode.Paused), Setting(ScopeOf(otherScope), otherMode));

        var decision = Decider.DecideToolCall(snapshot, Agent, new ToolDefinition(Refund, RiskClass.Financial), LeaseState.Fresh, T0);

        Assert.Equal(expected, decision.Verdict);
        Assert.Equal(otherMode, decision.Mode);
    }

    [Fact]
    public void Kill_OnAgent_BlocksWithAMessageTheModelCanRead()
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Killed, incidentId: "INC-7"));

        var decision = Decider.DecideToolCall(snapshot, Agent, new ToolDefinition(Refund, RiskClass.Financial), LeaseState.Fresh, T0);

        Assert.Equal(GuardVerdict.Block, decision.Verdict);
        Assert.Equal("Tool issue_refund is blocked: agent support is killed by alice (reason: wrong refunds, incident INC-7).", decision.Message);
    }

    public static TheoryData<ControlSetting, RiskClass, string> Messages() => new()
    {
        {
            Setting(ControlScope.Global, ControlMode.Killed, reason: "runaway costs"),
            RiskClass.Financial,
            "Tool issue_refund is blocked: all agents are killed by alice (reason: runaway costs)."
        },
        {
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Paused, actor: "bob", reason: "checking ledger"),
            RiskClass.Financial,
            "Tool issue_refund is blocked: tool issue_refund is paused by bob (reason: checking ledger)."
        },
        {
            Setting(ControlScope.ForAgent(Agent), ControlMode.Fallback, expiresAt: T0.AddHours(1)),
            RiskClass.Message,
            "Tool issue_refund is blocked: agent support is in fallback by alice (reason: wrong refunds, until 2026-11-23T13:00:00.0000000+00:00); only read tools run in fallback."
        },
        {
            Setting(ControlScope.ForAgent(Agent), ControlMode.Shadow, incidentId: "INC-7"),
            RiskClass.Write,
            "Tool issue_refund was not executed: agent support is in shadow mode by alice (reason: wrong refunds, incident INC-7); the call was recorded, not executed."
        },
        {
            Setting(ControlScope.ForTool(Agent, Refund), ControlMode.Approval),
            RiskClass.Financial,
            "Tool issue_refund needs human approval: tool issue_refund is under approval by alice (reason: wrong refunds); it runs once a human approves these exact arguments."
        },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void NonExecuteVerdicts_ExplainWhoDecidedAndWhy(ControlSetting setting, RiskClass risk, string message)
    {
        var decision = Decider.DecideToolCall(Snapshot(setting), Agent, new ToolDefinition(Refund, risk), LeaseState.Fresh, T0);

        Assert.Equal(message, decision.Message);
        Assert.Same(setting, decision.DecidedBy);
        Assert.Equal(setting.Epoch, decision.ControlEpoch);
    }

    [Fact]
    public void ReadToolUnderShadow_ExecutesWithoutMessage_ButReportsTheMode()
    {
        var snapshot = Snapshot(Setting(ControlScope.ForAgent(Agent), ControlMode.Shadow));

        var decision = Decider.DecideToolCall(snapshot, Agent, new ToolDefinition(Lookup, RiskClass.Read), LeaseState.Fresh, T0);

        Assert.True(decision.IsExecute);
        Assert.Null(decision.Message);
        Assert.Equal(ControlMode.Shadow, decision.Mode);
    }

    [Fact]
    public void DefaultDecision_Blocks()
    {
        GuardDecision decision = default;

        Assert.Equal(GuardVerdict.Block, decision.Verdict);
        Assert.False(decision.IsExecute);
        Assert.Equal("The call is blocked: no control decision was made.", decision.Message);
    }

    [Fact]
    public void ExecutePath_AllocatesNothing()
    {
        var snapshot = Snapshot(
            Setting(ControlScope.ForAgent(OtherAgent), ControlMode.Killed),
            Setting(ControlScope.ForTool(Agent, "send_email"), ControlMode.Shadow));
        var refund = new ToolDefinition(Refund, RiskClass.Financial);
        var lookup = new ToolDefinition(Lookup, RiskClass.Read);
        var executed = 0;

        var allocated = Allocations.Of(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                executed += Decider.DecideToolCall(snapshot, Agent, refund, LeaseState.Fresh, T0).IsExecute ? 1 : 0;
                executed += Decider.DecideToolCall(snapshot, Agent, lookup, LeaseState.Stale, T0).IsExecute ? 1 : 0;
                executed += Decider.DecideToolCall(snapshot, Agent, "unregistered", null, LeaseState.Fresh, T0).IsExecute ? 1 : 0;
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(4 * 30_000, executed);
    }
}
