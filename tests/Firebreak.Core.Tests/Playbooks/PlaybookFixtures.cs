using Firebreak.Control;
using Firebreak.Detection;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Playbooks;

/// <summary>The support agent and its refund-storm playbook, shaped like the SupportDesk sample.</summary>
internal static class PlaybookFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    public static readonly PlaybookDefinition RefundStorm = new(
        "refund-storm",
        "Wrong refunds",
        new PlaybookMatch([FailureClass.ToolMisuse], Severity.Sev2),
        [
            new PlaybookStep(PlaybookStepKind.DeclareIncident, Severity: Severity.Sev2, Title: "Refund storm on {agent}: {summary}"),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Tools, "refunds look wrong", ControlMode.Killed, Tools: ["issue_refund"])),
            new PlaybookStep(PlaybookStepKind.Page),
            new PlaybookStep(PlaybookStepKind.Control, new ControlChangeRequest(ControlTarget.Agent, "shadow until reviewed", ControlMode.Shadow)),
            new PlaybookStep(PlaybookStepKind.BlastRadius),
        ],
        Auto: true);

    public static readonly AgentDefinition Support = new(
        "support",
        "support-platform",
        null,
        [
            new ToolDefinition("lookup_order", RiskClass.Read),
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message),
            new ToolDefinition("close_ticket", RiskClass.Write),
        ],
        Playbooks: [RefundStorm]);

    public static Alert Alert(
        FailureClass failureClass = FailureClass.ToolMisuse,
        Severity severity = Severity.Sev2,
        string detector = "refund-rate",
        string agentId = "support",
        string? incidentId = null) => new(
        "alt_01",
        agentId,
        detector,
        failureClass,
        severity,
        "support",
        "48 refunds in 60 s, limit 20",
        ["run-1"],
        [12],
        Now.AddSeconds(-30),
        Now.AddSeconds(-5),
        3,
        AlertStatus.Open,
        incidentId);

    /// <summary>The empty snapshot with <paramref name="changes"/> applied in order.</summary>
    public static ControlSnapshot Snapshot(params ControlChange[] changes) =>
        changes.Aggregate(ControlSnapshot.Empty, (snapshot, change) => snapshot.Apply(change));

    public static ControlChange Set(ControlMode mode, ControlScope scope, string actor = "alice", DateTimeOffset? expiresAt = null) =>
        new(actor, "set by hand", Now.AddMinutes(-10), [scope], mode, null, expiresAt);
}
