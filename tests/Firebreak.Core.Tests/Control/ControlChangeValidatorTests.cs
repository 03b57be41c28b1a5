using Firebreak.Control;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlChangeValidatorTests
{
    private const string Reason = "wrong refunds";

    public static TheoryData<string, ControlChangeRequest> ValidRequests() => new()
    {
        { "global kill", new(ControlTarget.Global, Reason, ControlMode.Killed) },
        { "agent shadow for an hour", new(ControlTarget.Agent, Reason, ControlMode.Shadow, "support", For: TimeSpan.FromHours(1), IncidentId: "INC-7") },
        { "agent resume", new(ControlTarget.Agent, Reason, ControlMode.Normal, "support") },
        { "freeze only", new(ControlTarget.Agent, Reason, AgentId: "support", Freeze: true) },
        { "kill and freeze", new(ControlTarget.Agent, Reason, ControlMode.Killed, "support", Freeze: true) },
        { "strict only", new(ControlTarget.Agent, Reason, AgentId: "support", Strict: true) },
        { "strict off", new(ControlTarget.Agent, Reason, AgentId: "support", Strict: false) },
        { "approval and strict", new(ControlTarget.Agent, Reason, ControlMode.Approval, "support", Strict: true) },
        { "named tools", new(ControlTarget.Tools, Reason, ControlMode.Approval, "support", Tools: ["issue_refund", "send_email"]) },
        { "risk classes", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Risk: [RiskClass.Write, RiskClass.Financial]) },
        { "longest duration", new(ControlTarget.Global, Reason, ControlMode.Approval, For: ControlChangeValidator.MaxDuration) },
        { "longest reason", new(ControlTarget.Global, new string('r', 1000), ControlMode.Approval) },
    };

    [Theory]
    [MemberData(nameof(ValidRequests))]
    public void Validate_AcceptsWellFormedRequests(string name, ControlChangeRequest request)
    {
        var errors = ControlChangeValidator.Validate(request);

        Assert.True(errors.IsValid, $"{name}: {errors}");
    }

    public static TheoryData<string, ControlChangeRequest, string> InvalidRequests() => new()
    {
        { "empty reason", new(ControlTarget.Global, " ", ControlMode.Killed), "reason" },
        { "reason too long", new(ControlTarget.Global, new string('r', 1001), ControlMode.Killed), "reason" },
        { "neither mode nor freeze", new(ControlTarget.Agent, Reason, AgentId: "support"), "mode" },
        { "undefined mode", new(ControlTarget.Global, Reason, (ControlMode)42), "mode" },
        { "undefined target", new((ControlTarget)9, Reason, ControlMode.Killed), "target" },
        { "global with agent", new(ControlTarget.Global, Reason, ControlMode.Killed, "support"), "agentId" },
        { "global with tools", new(ControlTarget.Global, Reason, ControlMode.Killed, Tools: ["issue_refund"]), "tools" },
        { "global with risk", new(ControlTarget.Global, Reason, ControlMode.Killed, Risk: [RiskClass.Write]), "risk" },
        { "global freeze", new(ControlTarget.Global, Reason, Freeze: true), "freeze" },
        { "global strict", new(ControlTarget.Global, Reason, Strict: true), "strict" },
        { "tools strict", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: ["issue_refund"], Strict: true), "strict" },
        { "risk strict", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Risk: [RiskClass.Write], Strict: true), "strict" },
        { "strict without agent", new(ControlTarget.Agent, Reason, Strict: true), "agentId" },
        { "duration on strict only", new(ControlTarget.Agent, Reason, AgentId: "support", Strict: true, For: TimeSpan.FromHours(1)), "for" },
        { "agent without id", new(ControlTarget.Agent, Reason, ControlMode.Killed), "agentId" },
        { "agent id not a slug", new(ControlTarget.Agent, Reason, ControlMode.Killed, "Support Bot"), "agentId" },
        { "agent with tools", new(ControlTarget.Agent, Reason, ControlMode.Killed, "support", Tools: ["issue_refund"]), "tools" },
        { "agent with risk", new(ControlTarget.Agent, Reason, ControlMode.Killed, "support", Risk: [RiskClass.Write]), "risk" },
        { "tools missing", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support"), "tools" },
        { "tools empty", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: []), "tools" },
        { "tool name invalid", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: ["issue_refund", "bad/name"]), "tools[1]" },
        { "tool named twice", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: ["issue_refund", "issue_refund"]), "tools[1]" },
        { "tools with risk", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: ["issue_refund"], Risk: [RiskClass.Write]), "risk" },
        { "tools freeze", new(ControlTarget.Tools, Reason, ControlMode.Killed, "support", Tools: ["issue_refund"], Freeze: true), "freeze" },
        { "tools without agent", new(ControlTarget.Tools, Reason, ControlMode.Killed, Tools: ["issue_refund"]), "agentId" },
        { "risk missing", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support"), "risk" },
        { "risk empty", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Risk: []), "risk" },
        { "risk undefined", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Risk: [RiskClass.Write, (RiskClass)77]), "risk[1]" },
        { "risk with tools", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Tools: ["x"], Risk: [RiskClass.Write]), "tools" },
        { "risk freeze", new(ControlTarget.Risk, Reason, ControlMode.Killed, "support", Risk: [RiskClass.Write], Freeze: false), "freeze" },
        { "incident empty", new(ControlTarget.Global, Reason, ControlMode.Killed, IncidentId: ""), "incidentId" },
        { "incident too long", new(ControlTarget.Global, Reason, ControlMode.Killed, IncidentId: new string('i', 65)), "incidentId" },
        { "zero duration", new(ControlTarget.Global, Reason, ControlMode.Killed, For: TimeSpan.Zero), "for" },
        { "negative duration", new(ControlTarget.Global, Reason, ControlMode.Killed, For: TimeSpan.FromMinutes(-5)), "for" },
        { "duration too long", new(ControlTarget.Global, Reason, ControlMode.Killed, For: ControlChangeValidator.MaxDuration + TimeSpan.FromSeconds(1)), "for" },
        { "duration on resume", new(ControlTarget.Agent, Reason, ControlMode.Normal, "support", For: TimeSpan.FromHours(1)), "for" },
        { "duration on freeze only", new(ControlTarget.Agent, Reason, AgentId: "support", Freeze: true, For: TimeSpan.FromHours(1)), "for" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Validate_RefusesMalformedRequests_AtTheOffendingField(string name, ControlChangeRequest request, string field)
    {
        var errors = ControlChangeValidator.Validate(request);

        Assert.False(errors.IsValid, name);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_ReportsEveryProblemAtOnce()
    {
        var errors = ControlChangeValidator.Validate(new ControlChangeRequest(ControlTarget.Tools, "", ControlMode.Killed, "Bad Id", Tools: []));

        Assert.Equal(["agentId", "reason", "tools"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
