namespace Firebreak.Incidents;

/// <summary>When the next status update is owed, from the severity's <see cref="SeverityPolicy.UpdateCadence"/>.</summary>
internal static class UpdateCadence
{
    /// <summary>
    /// The next update is due one cadence after the last one while the incident is declared, investigating or mitigated;
    /// once resolved or closed, or when the policy has no cadence, nothing is due.
    /// </summary>
    /// <param name="policy">The policy of the incident's current severity.</param>
    /// <param name="status">The incident's current status.</param>
    /// <param name="lastUpdateAt">When the last update went out, or when the incident was declared if none has yet.</param>
    /// <param name="now">The time to judge at.</param>
    public static Deadline NextUpdate(SeverityPolicy policy, IncidentStatus status, DateTimeOffset lastUpdateAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return status is IncidentStatus.Resolved or IncidentStatus.Closed || policy.UpdateCadence is not { } cadence
            ? Deadline.None
            : Deadline.At(lastUpdateAt + cadence, now);
    }

    /// <summary>
    /// The missed deadline a reminder is owed for at <paramref name="now"/>: the latest of <c>lastUpdateAt + k × cadence</c>
    /// (k ≥ 1) that <paramref name="now"/> is strictly after, unless a reminder already went out for it or a later one.
    /// So an incident that stays silent gets one reminder per cadence interval, however often this is asked.
    /// </summary>
    /// <param name="policy">The policy of the incident's current severity.</param>
    /// <param name="status">The incident's current status; resolved and closed incidents owe no updates.</param>
    /// <param name="lastUpdateAt">When the last update went out, or when the incident was declared if none has yet.</param>
    /// <param name="remindedFor">The missed deadline the last reminder was for, or <see langword="null"/>.</param>
    /// <param name="now">The time to judge at.</param>
    /// <returns>The missed deadline to remind for, or <see langword="null"/> when no reminder is owed.</returns>
    public static DateTimeOffset? ReminderDue(
        SeverityPolicy policy, IncidentStatus status, DateTimeOffset lastUpdateAt, DateTimeOffset? remindedFor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (status is IncidentStatus.Resolved or IncidentStatus.Closed || policy.UpdateCadence is not { } cadence || cadence <= TimeSpan.Zero)
        {
            return null;
        }

        var elapsed = now - lastUpdateAt;
        if (elapsed <= cadence)
        {
            return null;
        }

        var missed = lastUpdateAt + TimeSpan.FromTicks(cadence.Ticks * ((elapsed.Ticks - 1) / cadence.Ticks));
        return remindedFor >= missed ? null : missed;
    }
}
