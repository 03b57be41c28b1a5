using Firebreak.Ledger;

namespace Firebreak.Otlp;

/// <summary>What one run's spans of an export write to the ledger, in order.</summary>
/// <param name="Start">Starts the run; the run id and correlation id derive from the trace, so a re-export names the same run.</param>
/// <param name="RunSpanId">The span the run stands for: its <c>invoke_agent</c> span, the trace's root, or the missing parent of spans exported before it.</param>
/// <param name="End">The run's final status when its run span is in the export; <see langword="null"/> leaves the run open for spans still to come.</param>
/// <param name="Writes">The steps and actions of the run's spans, by start time.</param>
internal sealed record OtlpRunPlan(StartRunRequest Start, string RunSpanId, RunStatus? End, IReadOnlyList<OtlpSpanWrite> Writes)
{
    /// <summary>The run id.</summary>
    public string RunId => Start.RunId!;

    /// <summary>The agent the run is recorded for.</summary>
    public string AgentId => Start.AgentId;

}
