using System.Globalization;
using System.Text;
using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// The outcome of <see cref="ControlDecider"/> for one tool call or run start. A value type whose
/// <see cref="Message"/> is only built when read, so the allow path allocates nothing. The default value blocks.
/// </summary>
public readonly record struct GuardDecision
{
    internal GuardDecision(
        GuardVerdict verdict,
        EffectiveControl control,
        long snapshotEpoch,
        string agentId,
        string? toolName,
        RiskClass? risk,
        bool failedClosed)
    {
        Verdict = verdict;
        Mode = control.Mode;
        DecidedBy = control.DecidedBy;
        SnapshotEpoch = snapshotEpoch;
        AgentId = agentId;
        ToolName = toolName;
        Risk = risk;
        FailedClosed = failedClosed;
    }

    public GuardVerdict Verdict { get; }

    /// <summary>The mode that applied, after the tool-call rules for pauses (see <see cref="ControlDecider.DecideToolCall(ControlSnapshot, string, string, ToolDefinition?, LeaseState, DateTimeOffset)"/>).</summary>
    public ControlMode Mode { get; }

    /// <summary>The setting that imposed <see cref="Mode"/>; <see langword="null"/> when the mode is normal.</summary>
    public ControlSetting? DecidedBy { get; }

    /// <summary>The epoch of the snapshot decided from, for the ledger and the operator's confirmation.</summary>
    public long SnapshotEpoch { get; }

    /// <summary>The epoch of <see cref="DecidedBy"/>, to bind approvals to; 0 when no setting decided.</summary>
    public long ControlEpoch => DecidedBy?.Epoch ?? 0;

    public string? AgentId { get; }

    /// <summary>The tool, for tool calls; <see langword="null"/> for run starts.</summary>
    public string? ToolName { get; }

    /// <summary>The risk class a tool call was decided with: the tool's, or the configured default for an unknown tool; <see langword="null"/> for run starts.</summary>
    public RiskClass? Risk { get; }

    /// <summary>Whether the call was blocked because the lease is stale and the tool fails closed.</summary>
    public bool FailedClosed { get; }

    /// <summary>Whether the call or run may go ahead as normal.</summary>
    public bool IsExecute => Verdict == GuardVerdict.Execute;

    /// <summary>
    /// Why the call did not simply execute, in words the model and the operator can read; <see langword="null"/> for
    /// <see cref="GuardVerdict.Execute"/>. Built on each read.
    /// </summary>
    public string? Message => Verdict == GuardVerdict.Execute ? null : BuildMessage();

    private string BuildMessage()
    {
        if (AgentId is null)
        {
            return "The call is blocked: no control decision was made.";
        }

        var text = new StringBuilder();
        if (ToolName is not null)
        {
            text.Append("Tool ").Append(ToolName).Append(Verdict switch
            {
                GuardVerdict.Shadow => " was not executed: ",
                GuardVerdict.RequireApproval => " needs human approval: ",
                _ => " is blocked: ",
            });
            if (FailedClosed)
            {
                return text.Append("the Firebreak control plane is unreachable (control lease is stale) and this tool fails closed.").ToString();
            }
        }
        else
        {
            text.Append("Agent ").Append(AgentId).Append(Verdict switch
            {
                GuardVerdict.Hold => " is not starting new runs: ",
                GuardVerdict.Fallback => " serves its fallback: ",
                _ => " cannot start a run: ",
            });
        }

        AppendCause(text);
        text.Append(Verdict switch
        {
            GuardVerdict.Shadow => "; the call was recorded, not executed.",
            GuardVerdict.RequireApproval => "; it runs once a human approves these exact arguments.",
            GuardVerdict.Hold => "; the input is held for human review.",
            GuardVerdict.Block when Mode == ControlMode.Fallback => "; only read tools run in fallback.",
            _ => ".",
        });
        return text.ToString();
    }

    private void AppendCause(StringBuilder text)
    {
        if (DecidedBy is not { } setting)
        {
            text.Append("no control allows it");
            return;
        }

        text.Append(setting.Scope.Kind switch
        {
            ControlScopeKind.Global => "all agents are ",
            ControlScopeKind.Agent => $"agent {setting.Scope.AgentId} is ",
            _ => $"tool {setting.Scope.ToolName} is ",
        });
        text.Append(setting.Mode switch
        {
            ControlMode.Approval => "under approval",
            ControlMode.Shadow => "in shadow mode",
            ControlMode.Fallback => "in fallback",
            ControlMode.Paused => "paused",
            ControlMode.Killed => "killed",
            _ => "normal",
        });
        text.Append(" by ").Append(setting.Actor).Append(" (reason: ").Append(setting.Reason);
        if (setting.IncidentId is not null)
        {
            text.Append(", incident ").Append(setting.IncidentId);
        }

        if (setting.ExpiresAt is { } expiry)
        {
            text.Append(", until ").Append(expiry.ToString("O", CultureInfo.InvariantCulture));
        }

        text.Append(')');
    }
}
