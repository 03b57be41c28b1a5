namespace Firebreak.Releases;

/// <summary>A gradual restore: a candidate release getting a growing share of an agent's new runs, judged at each stage.</summary>
/// <param name="Id">The restore id.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="CandidateReleaseId">The release being restored.</param>
/// <param name="BaselineReleaseId">The active release the candidate is compared with, and falls back to.</param>
/// <param name="Steps">The candidate's share at each stage, ascending, ending at 100.</param>
/// <param name="Interval">How long each stage lasts before it is judged.</param>
/// <param name="Stage">The index of the current step.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Thresholds">The analysis rules.</param>
/// <param name="Actor">Who started it.</param>
/// <param name="Reason">Why.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="StageStartedAt">When the current stage started.</param>
/// <param name="Decisions">Every decision so far, oldest first.</param>
/// <param name="IncidentId">The incident it belongs to, if any.</param>
public sealed record Restore(
    string Id,
    string AgentId,
    string CandidateReleaseId,
    string BaselineReleaseId,
    IReadOnlyList<int> Steps,
    TimeSpan Interval,
    int Stage,
    RestoreStatus Status,
    RestoreThresholds Thresholds,
    string Actor,
    string Reason,
    DateTimeOffset StartedAt,
    DateTimeOffset StageStartedAt,
    IReadOnlyList<RestoreDecision> Decisions,
    string? IncidentId = null)
{
    /// <summary>The candidate's share now.</summary>
    public int CurrentPercent() => Status == RestoreStatus.Completed ? 100 : Status == RestoreStatus.Aborted ? 0 : Steps[Stage];
}
