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
}
