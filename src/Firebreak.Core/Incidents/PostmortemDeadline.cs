namespace Firebreak.Incidents;

/// <summary>When the postmortem is owed: <see cref="Window"/> after resolution, for severities whose policy requires one.</summary>
internal static class PostmortemDeadline
{
    /// <summary>How long after resolution the postmortem is due: 48 hours, while the details are still fresh.</summary>
    public static TimeSpan Window { get; } = TimeSpan.FromHours(48);

    /// <summary>
    /// Nothing is due when the policy does not require a postmortem, the incident is not resolved yet, or the postmortem is
    /// published; a postmortem published after the deadline ends the lateness, it does not keep counting.
    /// </summary>
    /// <param name="policy">The policy of the incident's severity.</param>
    /// <param name="resolvedAt">When the incident was resolved; <see langword="null"/> while it is still open.</param>
    /// <param name="publishedAt">When the postmortem was published; <see langword="null"/> while it is not.</param>
    /// <param name="now">The time to judge at.</param>
    public static Deadline Evaluate(SeverityPolicy policy, DateTimeOffset? resolvedAt, DateTimeOffset? publishedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return !policy.PostmortemRequired || resolvedAt is not { } resolved || publishedAt is not null
            ? Deadline.None
            : Deadline.At(resolved + Window, now);
    }
}
