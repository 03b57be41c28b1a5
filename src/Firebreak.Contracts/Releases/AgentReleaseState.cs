namespace Firebreak.Releases;

/// <summary>An agent's releases now: what runs, what to go back to, and any gradual restore in progress.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ActiveReleaseId">The active release; <see langword="null"/> before the first activation.</param>
/// <param name="LastKnownGoodReleaseId">The release a rollback returns to: the one the last promotion replaced.</param>
/// <param name="CandidateReleaseId">The release a gradual restore is moving to, if one is in progress.</param>
/// <param name="CandidatePercent">The candidate's share of new runs.</param>
/// <param name="Frozen">Whether the agent is frozen, so no release may change.</param>
public sealed record AgentReleaseState(
    string AgentId,
    string? ActiveReleaseId,
    string? LastKnownGoodReleaseId,
    string? CandidateReleaseId = null,
    int CandidatePercent = 0,
    bool Frozen = false);
