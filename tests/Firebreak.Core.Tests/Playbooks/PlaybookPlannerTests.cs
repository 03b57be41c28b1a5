using Firebreak.Control;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Firebreak.Registry;
using static Firebreak.Core.Tests.Playbooks.PlaybookFixtures;

namespace Firebreak.Core.Tests.Playbooks;

public sealed class PlaybookPlannerTests
{
    private static PlaybookPlan Plan(PlaybookTrigger trigger, ControlSnapshot? snapshot = null, PlaybookDefinition? playbook = null)
    {
        Assert.True(
            PlaybookPlanner.TryPlan(Support, playbook ?? RefundStorm, trigger, snapshot ?? ControlSnapshot.Empty, Now, out var plan, out var errors),
            errors.ToString());
        return plan;
    }

    [Fact]
    public void ContainmentRunsFirst_InDeclaredOrder_ThenTheOtherStepsInTheirs()
    {
        var plan = Plan(new PlaybookTrigger(Alert()));

        Assert.Equal([1, 3, 0, 2, 4], plan.Steps.Select(s => s.Index));
        Assert.Equal(
            [PlaybookStepKind.Control, PlaybookStepKind.Control, PlaybookStepKind.DeclareIncident, PlaybookStepKind.Page, PlaybookStepKind.BlastRadius],
            plan.Steps.Select(s => s.Kind));
        Assert.All(plan.Steps, s => Assert.False(s.InEffect));
        Assert.Equal("playbook:refund-storm", plan.Actor);
    }

    [Fact]
    public void EveryStep_SaysInWordsWhatItWillDo()
    {
        var plan = Plan(new PlaybookTrigger(Alert()));

        Assert.Equal(
            [
                "Kill tool issue_refund of support: refunds look wrong",
                "Shadow agent support: shadow until reviewed",
                "Declare SEV2 (P1): Refund storm on support: 48 refunds in 60 s, limit 20; commander support-platform",
                "Page the incident commander: Playbook refund-storm answered alert alt_01 on support: 48 refunds in 60 s, limit 20",
                "Compute the blast radius of support from 00:15:00 before alert alt_01 was first seen until now and write it on the timeline",
            ],
            plan.Steps.Select(s => s.Description));
    }

    [Fact]
    public void ControlSteps_BecomeRequestsForThePlaybooksAgent_UnderTheTriggersIncident()
    {
        var plan = Plan(new PlaybookTrigger(Alert(incidentId: "INC-7")));

        var kill = plan.Steps[0].Control!;
        Assert.Equal(new ControlChangeRequest(ControlTarget.Tools, "refunds look wrong", ControlMode.Killed, "support", IncidentId: "INC-7"), kill with { Tools = null });
        Assert.Equal(["issue_refund"], kill.Tools);
        Assert.Equal("INC-7", plan.IncidentId);
    }

    [Fact]
    public void DeclaringAnIncident_UsesTheAlertsClassWindowAndId_AndTheToolItKills()
    {
        var plan = Plan(new PlaybookTrigger(Alert()));

        var declare = plan.Steps.Single(s => s.Kind == PlaybookStepKind.DeclareIncident).Incident!;
        Assert.Equal("Refund storm on support: 48 refunds in 60 s, limit 20", declare.Title);
        Assert.Equal(["support"], declare.Agents);
        Assert.Equal(FailureClass.ToolMisuse, declare.FailureClass);
        Assert.Equal("support-platform", declare.Commander);
        Assert.Equal("SEV2", declare.Severity);
        Assert.Equal(Now.AddSeconds(-30), declare.WindowStart);
        Assert.Equal("issue_refund", declare.Tool);
        Assert.Equal("alt_01", declare.AlertId);
    }

    [Fact]
    public void ARenderedTitleLongerThanTheIncidentsApiTakes_IsCut()
    {
        var alert = Alert() with { Summary = new string('x', 400) };

        var declare = Plan(new PlaybookTrigger(alert)).Steps.Single(s => s.Kind == PlaybookStepKind.DeclareIncident).Incident!;

        Assert.Equal(PlaybookPlanner.MaxTitleLength, declare.Title.Length);
        Assert.EndsWith("x…", declare.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAlertThatAlreadyHasAnIncident_IsJoined_NotDeclaredAgain()
    {
        var plan = Plan(new PlaybookTrigger(Alert(incidentId: "INC-3")));

        var declare = plan.Steps.Single(s => s.Kind == PlaybookStepKind.DeclareIncident);
        Assert.True(declare.InEffect);
        Assert.Null(declare.Incident);
        Assert.Contains("INC-3", declare.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AToolAlreadyKilled_IsReportedInEffect_WithWhoKilledIt()
    {
        var snapshot = Snapshot(Set(ControlMode.Killed, ControlScope.ForTool("support", "issue_refund"), "alice"));

        var kill = Plan(new PlaybookTrigger(Alert()), snapshot).Steps[0];

        Assert.True(kill.InEffect);
        Assert.Null(kill.Control);
        Assert.Equal("Already in effect: Kill tool issue_refund of support (epoch 1, by alice)", kill.Description);
    }

    [Fact]
    public void AStrongerModeAlreadySet_IsInEffect_SoAPlaybookNeverWeakensContainment()
    {
        var snapshot = Snapshot(Set(ControlMode.Killed, ControlScope.ForAgent("support")));

        var shadow = Plan(new PlaybookTrigger(Alert()), snapshot).Steps[1];

        Assert.True(shadow.InEffect);
    }

    [Fact]
    public void AWeakerModeOrAnExpiredOne_DoesNotCount_TheStepRuns()
    {
        var snapshot = Snapshot(
            Set(ControlMode.Approval, ControlScope.ForTool("support", "issue_refund")),
            Set(ControlMode.Killed, ControlScope.ForAgent("support"), expiresAt: Now.AddSeconds(-1)));

        var plan = Plan(new PlaybookTrigger(Alert()), snapshot);

        Assert.False(plan.Steps[0].InEffect);
        Assert.False(plan.Steps[1].InEffect);
    }

    [Fact]
    public void ARiskStepPartlyInEffect_IsNarrowedToTheToolsNotYetContained()
    {
        var playbook = RefundStorm with
        {
            Steps = [new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Risk, "stop writes", ControlMode.Killed, Risk: [RiskClass.Financial, RiskClass.Write]))],
        };
        var snapshot = Snapshot(Set(ControlMode.Killed, ControlScope.ForTool("support", "issue_refund")));

        var step = Plan(new PlaybookTrigger(Alert()), snapshot, playbook).Steps.Single();

        Assert.False(step.InEffect);
        Assert.Equal(ControlTarget.Tools, step.Control!.Target);
        Assert.Equal(["close_ticket"], step.Control.Tools);
        Assert.Null(step.Control.Risk);
        Assert.Equal("Kill tool close_ticket of support: stop writes", step.Description);
    }

    [Fact]
    public void ManualTrigger_WithAnIncident_MeasuresTheBlastRadiusOverTheIncidentsWindow()
    {
        var plan = Plan(new PlaybookTrigger(IncidentId: "INC-9"));

        var radius = plan.Steps.Single(s => s.Kind == PlaybookStepKind.BlastRadius).BlastRadius!;
        Assert.Equal("INC-9", radius.IncidentId);
        Assert.Equal(["support"], radius.Agents);
        Assert.Null(radius.Since);
    }

    [Fact]
    public void AlertTrigger_MeasuresFromTheLookbackBeforeTheAlertWasFirstSeen()
    {
        var playbook = RefundStorm with { Steps = [new PlaybookStep(PlaybookStepKind.BlastRadius, Lookback: TimeSpan.FromMinutes(5))] };

        var radius = Plan(new PlaybookTrigger(Alert()), playbook: playbook).Steps.Single().BlastRadius!;

        Assert.Equal(Now.AddSeconds(-30).AddMinutes(-5), radius.Since);
        Assert.Null(radius.Until);
    }

    [Fact]
    public void ManualTrigger_WithNothing_MeasuresTheLastLookback_AndDeclaresUnderThePlaybooksFirstClass()
    {
        var plan = Plan(new PlaybookTrigger());

        Assert.Equal(Now - PlaybookStep.DefaultLookback, plan.Steps.Single(s => s.Kind == PlaybookStepKind.BlastRadius).BlastRadius!.Since);
        var declare = plan.Steps.Single(s => s.Kind == PlaybookStepKind.DeclareIncident).Incident!;
        Assert.Equal(FailureClass.ToolMisuse, declare.FailureClass);
        Assert.Equal("Refund storm on support: applied by an operator", declare.Title);
        Assert.Null(declare.AlertId);
    }

    [Fact]
    public void APlanForAnotherAgentsAlert_IsRefused()
    {
        Assert.False(PlaybookPlanner.TryPlan(Support, RefundStorm, new PlaybookTrigger(Alert(agentId: "billing")), ControlSnapshot.Empty, Now, out var plan, out var errors));
        Assert.Null(plan);
        Assert.Contains("alertId", errors.ToDictionary().Keys);
    }

    [Fact]
    public void AnInvalidPlaybook_IsRefused_NotPlanned()
    {
        var broken = RefundStorm with
        {
            Steps = [new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Tools, "x", ControlMode.Killed, Tools: ["wire_money"]))],
        };

        Assert.False(PlaybookPlanner.TryPlan(Support, broken, new PlaybookTrigger(), ControlSnapshot.Empty, Now, out _, out var errors));
        Assert.Equal(["playbooks[0].steps[0].control.tools[0]"], errors.ToDictionary().Keys);
    }

    [Fact]
    public void AStrictStep_IsContainment_RunsBeforeTheIncident_AndIsInEffectOnceTheAgentIsStrict()
    {
        var playbook = RefundStorm with
        {
            Steps = [new PlaybookStep(PlaybookStepKind.Page), new PlaybookStep(PlaybookStepKind.Strict, Reason: "injection seen")],
        };

        var plan = Plan(new PlaybookTrigger(Alert(incidentId: "INC-2")), playbook: playbook);
        var strict = plan.Steps[0];
        Assert.Equal(PlaybookStepKind.Strict, strict.Kind);
        Assert.Equal("Apply the strict policy level to agent support: injection seen", strict.Description);
        Assert.Equal(new ControlChangeRequest(ControlTarget.Agent, "injection seen", AgentId: "support", IncidentId: "INC-2", Strict: true), strict.Control);

        var already = ControlSnapshot.Empty.Apply(new ControlChange("alice", "strict", Now, [], StrictAgentId: "support", Strict: true));
        Assert.True(Plan(new PlaybookTrigger(Alert()), already, playbook).Steps[0].InEffect);
    }

    [Fact]
    public void AFreezeStep_IsInEffectOnceTheAgentIsFrozen()
    {
        var playbook = RefundStorm with
        {
            Steps = [new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "no releases", Freeze: true))],
        };
        var frozen = ControlSnapshot.Empty.Apply(new ControlChange("alice", "freeze", Now, [], FreezeAgentId: "support", Freeze: true));

        Assert.Equal("Freeze agent support: no releases", Plan(new PlaybookTrigger(), playbook: playbook).Steps[0].Description);
        Assert.True(Plan(new PlaybookTrigger(), frozen, playbook).Steps[0].InEffect);
    }

    [Fact]
    public void Templates_FillEveryPlaceholderFromTheTrigger()
    {
        var text = PlaybookPlanner.Render("{agent}/{playbook}/{detector}/{failureClass}/{alert}/{summary}", "support", "refund-storm", Alert());

        Assert.Equal("support/refund-storm/refund-rate/tool-misuse/alt_01/48 refunds in 60 s, limit 20", text);
    }
}
