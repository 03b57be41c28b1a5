using System.Globalization;
using Firebreak.Ledger;

namespace Firebreak.Detection;

/// <summary>
/// One incremental detector: fed every event of its agent in ledger order (already carrying its correlation id, and a
/// completion its tool), it keeps its own sliding state and says when it fires. No I/O; time is the events' time.
/// </summary>
public abstract class Detector(DetectorDefinition definition, string agentId)
{
    public DetectorDefinition Definition { get; } = definition;

    public string AgentId { get; } = agentId;

    /// <summary>Takes <paramref name="e"/> into account; returns a finding when the detector fires on it.</summary>
    /// <param name="e">The next event of the agent.</param>
    /// <param name="strict">Whether the agent is in strict mode: the threshold is lowered by the detector's strict factor.</param>
    public abstract DetectorFinding? Observe(DetectionEvent e, bool strict);

    /// <summary>Whether the detector watches <paramref name="tool"/>: its own tool, or every tool when it names none.</summary>
    protected bool Watches(string? tool) => tool is not null && (Definition.Tool is null || string.Equals(Definition.Tool, tool, StringComparison.Ordinal));

    protected DetectorFinding Fire(DetectionEvent e, string dedupKey, string summary, IReadOnlyList<string> runIds, IReadOnlyList<long> actionSeqs) =>
        new(Definition, AgentId, dedupKey, summary, runIds, actionSeqs, e.Seq, e.At);

    /// <summary>A number for a summary: invariant, without trailing zeros.</summary>
    protected static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Whether an action may take effect: recorded before execution, executed, or waiting for a person.</summary>
    protected static bool MayTakeEffect(ActionOutcome? outcome) =>
        outcome is ActionOutcome.Pending or ActionOutcome.Executed or ActionOutcome.AwaitingApproval;

    /// <summary>The final outcome of a call, from an action recorded already done or from a completion.</summary>
    protected static bool IsCompletion(DetectionEvent e) =>
        e.Outcome is ActionOutcome.Executed or ActionOutcome.Failed
        && e.Kind is DetectionEventKind.Action or DetectionEventKind.ActionCompleted;
}
