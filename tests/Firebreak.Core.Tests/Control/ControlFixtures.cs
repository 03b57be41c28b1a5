using Firebreak.Control;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Control;

/// <summary>Shared times, the support agent of the samples, and shorthand for settings.</summary>
internal static class ControlFixtures
{
    public const string Agent = "support";
    public const string OtherAgent = "billing";
    public const string Refund = "issue_refund";
    public const string Lookup = "lookup_order";

    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly ControlMode[] Modes = Enum.GetValues<ControlMode>();

    public static AgentDefinition SupportAgent { get; } = new(
        Agent,
        "support-team",
        null,
        [
            new ToolDefinition(Lookup, RiskClass.Read),
            new ToolDefinition("update_ticket", RiskClass.Write),
            new ToolDefinition(Refund, RiskClass.Financial),
            new ToolDefinition("send_email", RiskClass.Message),
            new ToolDefinition("close_account", RiskClass.Irreversible),
            new ToolDefinition("adjust_credit", RiskClass.Financial),
        ]);

    public static ControlScope ScopeOf(ControlScopeKind kind, string agentId = Agent, string tool = Refund) => kind switch
    {
        ControlScopeKind.Global => ControlScope.Global,
        ControlScopeKind.Agent => ControlScope.ForAgent(agentId),
        _ => ControlScope.ForTool(agentId, tool),
    };

    public static ControlSetting Setting(
        ControlScope scope,
        ControlMode mode,
        long epoch = 1,
        DateTimeOffset? expiresAt = null,
        string actor = "alice",
        string reason = "wrong refunds",
        string? incidentId = null) =>
        new(scope, mode, epoch, actor, reason, T0, incidentId, expiresAt);

    /// <summary>A snapshot at epoch 10 holding the given settings; normal ones are dropped by the snapshot itself.</summary>
    public static ControlSnapshot Snapshot(params ControlSetting[] settings) => new(10, settings, []);
}
