using Firebreak.Control;
using Firebreak.Registry;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlChangePlannerTests
{
    private const string Reason = "wrong refunds";

    [Theory]
    [InlineData(new[] { RiskClass.Financial }, new[] { "issue_refund", "adjust_credit" })]
    [InlineData(new[] { RiskClass.Write, RiskClass.Financial }, new[] { "update_ticket", "issue_refund", "adjust_credit" })]
    [InlineData(new[] { RiskClass.Message }, new[] { "send_email" })]
    [InlineData(new[] { RiskClass.Read }, new[] { "lookup_order" })]
    [InlineData(new[] { RiskClass.Irreversible, RiskClass.Read }, new[] { "lookup_order", "close_account" })]
    [InlineData(
        new[] { RiskClass.Read, RiskClass.Write, RiskClass.Financial, RiskClass.Message, RiskClass.Irreversible },
        new[] { "lookup_order", "update_ticket", "issue_refund", "send_email", "close_account", "adjust_credit" })]
    public void RiskTarget_ExpandsToEveryToolOfTheListedClasses_InCatalogOrder(RiskClass[] risk, string[] tools)
    {
        var request = new ControlChangeRequest(ControlTarget.Risk, Reason, ControlMode.Killed, Agent, Risk: risk);

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var change, out var errors), errors.ToString());

        Assert.Equal(tools.Select(t => $"tool:support/{t}"), change.Scopes.Select(s => s.Key));
        Assert.Equal(ControlMode.Killed, change.Mode);
    }

    [Fact]
    public void RiskTarget_ThatMatchesNoTool_IsRefused()
    {
        var agent = SupportAgent with { Tools = [new ToolDefinition(Lookup, RiskClass.Read)] };
        var request = new ControlChangeRequest(ControlTarget.Risk, Reason, ControlMode.Killed, Agent, Risk: [RiskClass.Write, RiskClass.Financial]);

        Assert.False(ControlChangePlanner.TryExpand(request, agent, "alice", T0, out var change, out var errors));

        Assert.Null(change);
        Assert.Equal(["agent 'support' has no tools of risk write, financial"], errors.ToDictionary()["risk"]);
    }

    [Fact]
    public void ToolsTarget_BecomesOneToolScopePerName()
    {
        var request = new ControlChangeRequest(ControlTarget.Tools, Reason, ControlMode.Approval, Agent, Tools: ["send_email", Refund]);

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var change, out _));

        Assert.Equal([ControlScope.ForTool(Agent, "send_email"), ControlScope.ForTool(Agent, Refund)], change.Scopes);
    }

    [Fact]
    public void ToolsTarget_RefusesUnknownTools_ByPosition()
    {
        var request = new ControlChangeRequest(ControlTarget.Tools, Reason, ControlMode.Killed, Agent, Tools: [Refund, "wire_money", "delete_db"]);

        Assert.False(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out _, out var errors));

        var fields = errors.ToDictionary();
        Assert.Equal(["tools[1]", "tools[2]"], fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["agent 'support' has no tool 'wire_money'"], fields["tools[1]"]);
    }

    [Theory]
    [InlineData(ControlTarget.Agent)]
    [InlineData(ControlTarget.Tools)]
    [InlineData(ControlTarget.Risk)]
    public void AgentTargets_RefuseUnregisteredAgents(ControlTarget target)
    {
        var request = new ControlChangeRequest(target, Reason, ControlMode.Killed, "ghost",
            Tools: target == ControlTarget.Tools ? [Refund] : null,
            Risk: target == ControlTarget.Risk ? [RiskClass.Financial] : null);

        Assert.False(ControlChangePlanner.TryExpand(request, null, "alice", T0, out _, out var nullAgentErrors));
        Assert.False(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out _, out var otherAgentErrors));

        Assert.Equal(["agent 'ghost' is not registered"], nullAgentErrors.ToDictionary()["agentId"]);
        Assert.Equal(["agent 'ghost' is not registered"], otherAgentErrors.ToDictionary()["agentId"]);
    }

    [Fact]
    public void InvalidRequest_IsRefusedBeforeTheRegistryIsConsulted()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, "", ControlMode.Killed, Agent);

        Assert.False(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out _, out var errors));

        Assert.Equal(["reason"], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(ControlTarget.Agent)]
    [InlineData(ControlTarget.Tools)]
    [InlineData(ControlTarget.Risk)]
    public void TryResolve_GivesTheSameChangeAsTryExpand_ForARequestTheValidatorAccepted(ControlTarget target)
    {
        var request = new ControlChangeRequest(target, Reason, ControlMode.Killed, Agent, IncidentId: "INC-7",
            Tools: target == ControlTarget.Tools ? [Refund] : null,
            Risk: target == ControlTarget.Risk ? [RiskClass.Financial] : null);
        Assert.True(ControlChangeValidator.Validate(request).IsValid);

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var expanded, out _));
        Assert.True(ControlChangePlanner.TryResolve(request, SupportAgent, "alice", T0, out var resolved, out var errors), errors.ToString());

        Assert.Equal(expanded.Scopes, resolved.Scopes);
        Assert.Equal(expanded with { Scopes = resolved.Scopes }, resolved);
    }

    [Fact]
    public void TryResolve_RefusesAnUnregisteredAgent_LikeTryExpand()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, Reason, ControlMode.Killed, "ghost");

        Assert.False(ControlChangePlanner.TryResolve(request, null, "alice", T0, out var change, out var errors));

        Assert.Null(change);
        Assert.Equal(["agent 'ghost' is not registered"], errors.ToDictionary()["agentId"]);
    }

    [Fact]
    public void Expansion_CarriesActorReasonIncidentAndExpiry()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, Reason, ControlMode.Shadow, Agent, IncidentId: "INC-7", For: TimeSpan.FromMinutes(90));

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var change, out _));

        Assert.Equal(
            new ControlChange("alice", Reason, T0, change.Scopes, ControlMode.Shadow, "INC-7", T0.AddMinutes(90)),
            change);
        Assert.Equal([ControlScope.ForAgent(Agent)], change.Scopes);
    }

    [Fact]
    public void GlobalTarget_NeedsNoAgent()
    {
        var request = new ControlChangeRequest(ControlTarget.Global, Reason, ControlMode.Killed);

        Assert.True(ControlChangePlanner.TryExpand(request, null, "detector:cost-runaway", T0, out var change, out _));

        Assert.Equal([ControlScope.Global], change.Scopes);
        Assert.Null(change.ExpiresAt);
        Assert.Null(change.FreezeAgentId);
    }

    [Fact]
    public void FreezeOnly_ChangesNoModes()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, Reason, AgentId: Agent, Freeze: true);

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var change, out _));
        var next = ControlSnapshot.Empty.Apply(change);

        Assert.Empty(change.Scopes);
        Assert.Null(change.Mode);
        Assert.Equal(Agent, change.FreezeAgentId);
        Assert.True(next.IsFrozen(Agent));
        Assert.Empty(next.Settings);
    }

    [Fact]
    public void StrictOnly_ChangesNoModes_AndNamesTheAgent()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, Reason, AgentId: Agent, Strict: true);

        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "playbook:injection", T0, out var change, out _));
        var next = ControlSnapshot.Empty.Apply(change);

        Assert.Empty(change.Scopes);
        Assert.Null(change.Mode);
        Assert.Null(change.FreezeAgentId);
        Assert.Equal(Agent, change.StrictAgentId);
        Assert.True(change.Strict);
        Assert.Equal("playbook:injection", change.Actor);
        Assert.True(next.IsStrict(Agent));
        Assert.Empty(next.Settings);
    }

    [Fact]
    public void StrictOff_ForAnUnregisteredAgent_IsRefused()
    {
        var request = new ControlChangeRequest(ControlTarget.Agent, Reason, AgentId: "ghost", Strict: false);

        Assert.False(ControlChangePlanner.TryExpand(request, null, "alice", T0, out _, out var errors));

        Assert.Contains("agentId", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpandedRiskKill_AppliedToASnapshot_KillsExactlyThoseTools()
    {
        var request = new ControlChangeRequest(ControlTarget.Risk, Reason, ControlMode.Killed, Agent, Risk: [RiskClass.Write, RiskClass.Financial]);
        Assert.True(ControlChangePlanner.TryExpand(request, SupportAgent, "alice", T0, out var change, out _));

        var snapshot = ControlSnapshot.Empty.Apply(change);

        foreach (var tool in SupportAgent.Tools)
        {
            var expected = tool.Risk is RiskClass.Write or RiskClass.Financial ? ControlMode.Killed : ControlMode.Normal;
            Assert.Equal(expected, snapshot.EffectiveMode(Agent, tool.Name, T0).Mode);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void TryExpand_RequiresAnActor(string actor) =>
        Assert.ThrowsAny<ArgumentException>(() => ControlChangePlanner.TryExpand(
            new ControlChangeRequest(ControlTarget.Global, Reason, ControlMode.Killed), null, actor, T0, out _, out _));
}
