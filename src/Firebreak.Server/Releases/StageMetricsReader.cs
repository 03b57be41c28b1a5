using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Releases;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;

namespace Firebreak.Server.Releases;

/// <summary>Reads a restore stage's metrics from the ledger: the runs started since the stage began, by release, and their actions.</summary>
internal sealed class StageMetricsReader(LedgerStore ledger, RegistryStore registry)
{
    /// <summary>The most recent runs and actions looked at per stage; a stage is minutes of one agent's traffic.</summary>
    private const int Window = 1000;

    public async Task<StageMetrics> ReadAsync(Restore restore, CancellationToken cancellationToken)
    {
        var agent = await registry.GetAsync(restore.AgentId, cancellationToken);
        var runs = (await ledger.ListRunsAsync(new RunQuery(AgentId: restore.AgentId, Limit: Window), cancellationToken))
            .Where(r => r.StartedAt >= restore.StageStartedAt)
            .ToDictionary(r => r.Id, r => r.Release.ReleaseId, StringComparer.Ordinal);
        var actions = (await ledger.ListActionsAsync(new ActionQuery(AgentId: restore.AgentId, Limit: Window), cancellationToken))
            .Where(a => a.RunId is not null && runs.ContainsKey(a.RunId))
            .ToList();
        var candidateActions = actions.Where(a => runs[a.RunId!] == restore.CandidateReleaseId).ToList();
        var financialRuns = actions
            // Pending counts: a risky action is recorded pending before it runs and completed a moment later.
            .Where(a => a.Outcome is ActionOutcome.Executed or ActionOutcome.Pending && agent?.FindTool(a.Tool)?.Risk == RiskClass.Financial)
            .Select(a => a.RunId!)
            .ToHashSet(StringComparer.Ordinal);
        return new StageMetrics(
            runs.Count(r => r.Value == restore.CandidateReleaseId),
            candidateActions.Count,
            candidateActions.Count(a => a.Outcome == ActionOutcome.Failed),
            candidateActions.Count(a => a.Outcome is ActionOutcome.Blocked or ActionOutcome.Denied),
            financialRuns.Count(r => runs[r] == restore.CandidateReleaseId),
            runs.Count(r => r.Value == restore.BaselineReleaseId),
            financialRuns.Count(r => runs[r] == restore.BaselineReleaseId));
    }
}
