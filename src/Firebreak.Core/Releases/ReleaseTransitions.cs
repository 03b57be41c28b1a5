namespace Firebreak.Releases;

/// <summary>
/// How each kind of release change moves an agent's routing. The last-known-good release is the one the latest
/// promotion replaced: a release that served until something better was promoted. A rollback leaves it alone, since
/// the release rolled back from was by definition not good.
/// </summary>
internal static class ReleaseTransitions
{
    /// <summary>Promotes <paramref name="releaseId"/> to active; the release it replaces becomes last-known-good. Ends any gradual restore.</summary>
    public static AgentReleaseState Activate(AgentReleaseState state, string releaseId)
    {
        ArgumentNullException.ThrowIfNull(state);
        var replaced = state.ActiveReleaseId is { } active && !string.Equals(active, releaseId, StringComparison.Ordinal) ? active : state.LastKnownGoodReleaseId;
        return state with { ActiveReleaseId = releaseId, LastKnownGoodReleaseId = replaced, CandidateReleaseId = null, CandidatePercent = 0 };
    }

    /// <summary>
    /// Goes back to <paramref name="to"/>, or to the last-known-good release when <see langword="null"/>. Ends any gradual restore.
    /// </summary>
    /// <returns>The next state, or <see langword="null"/> with <paramref name="refusal"/> when there is nothing to go back to.</returns>
    public static AgentReleaseState? Rollback(AgentReleaseState state, string? to, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(state);
        refusal = null;
        var target = to ?? state.LastKnownGoodReleaseId;
        if (target is null)
        {
            refusal = $"Agent '{state.AgentId}' has no last-known-good release to roll back to; name one with --to.";
            return null;
        }

        if (string.Equals(target, state.ActiveReleaseId, StringComparison.Ordinal) && state.CandidateReleaseId is null)
        {
            refusal = $"Release {Release.Abbreviate(target)} is already active on agent '{state.AgentId}'.";
            return null;
        }

        return state with { ActiveReleaseId = target, CandidateReleaseId = null, CandidatePercent = 0 };
    }

    /// <summary>Routes <paramref name="percent"/> of new runs to <paramref name="candidateId"/>; the active release keeps the rest.</summary>
    public static AgentReleaseState RestoreStep(AgentReleaseState state, string candidateId, int percent)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        return state with { CandidateReleaseId = candidateId, CandidatePercent = percent };
    }

    /// <summary>Ends a gradual restore without promoting: every new run goes to the active release again.</summary>
    public static AgentReleaseState RestoreAbort(AgentReleaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state with { CandidateReleaseId = null, CandidatePercent = 0 };
    }

    /// <summary>The routing enforcement points receive for <paramref name="state"/>, or <see langword="null"/> before any activation.</summary>
    public static ReleaseRouting? RoutingOf(AgentReleaseState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.ActiveReleaseId is { } active
            ? new ReleaseRouting(state.AgentId, active, state.CandidateReleaseId, state.CandidateReleaseId is null ? 0 : state.CandidatePercent)
            : null;
    }
}
