namespace Firebreak.Incidents;

/// <summary>Response-time means (MTTA, time to mitigate, MTTR) and recurrence over sets of incidents.</summary>
internal static class IncidentMetrics
{
    /// <summary>How far back an earlier incident with the same signature makes a new one a recurrence: 30 days.</summary>
    public static TimeSpan RecurrenceWindow { get; } = TimeSpan.FromDays(30);

    /// <summary>The means over all of <paramref name="incidents"/>.</summary>
    /// <exception cref="ArgumentException">An incident's milestones are not in chronological order.</exception>
    public static ResponseTimes Summarize(IEnumerable<IncidentSummary> incidents) => Means(Checked(incidents));

    /// <summary>The means per agent (ordinal slugs).</summary>
    public static IReadOnlyDictionary<string, ResponseTimes> ByAgent(IEnumerable<IncidentSummary> incidents) =>
        GroupBy(incidents, i => i.AgentId, StringComparer.Ordinal);

    /// <summary>The means per severity, for the severities present.</summary>
    public static IReadOnlyDictionary<Severity, ResponseTimes> BySeverity(IEnumerable<IncidentSummary> incidents) =>
        GroupBy(incidents, i => i.Severity, EqualityComparer<Severity>.Default);

    /// <summary>The means per failure class, for the classes present.</summary>
    public static IReadOnlyDictionary<FailureClass, ResponseTimes> ByFailureClass(IEnumerable<IncidentSummary> incidents) =>
        GroupBy(incidents, i => i.FailureClass, EqualityComparer<FailureClass>.Default);

    /// <summary>Finds recurrences with the default <see cref="RecurrenceWindow"/>.</summary>
    public static RecurrenceReport FindRecurrences(IEnumerable<IncidentSummary> incidents) =>
        FindRecurrences(incidents, RecurrenceWindow);

    /// <summary>
    /// An incident is a recurrence when another incident with the same signature was detected strictly before it and no more
    /// than <paramref name="window"/> earlier (exactly <paramref name="window"/> still counts). It is linked to the most recent such incident.
    /// </summary>
    public static RecurrenceReport FindRecurrences(IEnumerable<IncidentSummary> incidents, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.Zero);
        var list = Checked(incidents);
        var recurrences = new List<(DateTimeOffset Detected, Recurrence Link)>();
        foreach (var group in list.GroupBy(i => i.Signature))
        {
            IncidentSummary? previous = null;
            foreach (var incident in group.OrderBy(i => i.Milestones.Detected))
            {
                if (previous is not null
                    && previous.Milestones.Detected < incident.Milestones.Detected
                    && incident.Milestones.Detected - previous.Milestones.Detected <= window)
                {
                    recurrences.Add((incident.Milestones.Detected, new Recurrence(incident.Id, previous.Id, group.Key)));
                }

                previous = incident;
            }
        }

        var ordered = recurrences
            .OrderBy(r => r.Detected)
            .ThenBy(r => r.Link.IncidentId, StringComparer.Ordinal)
            .Select(r => r.Link)
            .ToArray();
        return new RecurrenceReport(ordered, list.Count, list.Count == 0 ? 0d : (double)ordered.Length / list.Count);
    }

    private static Dictionary<TKey, ResponseTimes> GroupBy<TKey>(
        IEnumerable<IncidentSummary> incidents, Func<IncidentSummary, TKey> key, IEqualityComparer<TKey> comparer)
        where TKey : notnull =>
        Checked(incidents).GroupBy(key, comparer).ToDictionary(g => g.Key, g => Means([.. g]), comparer);

    private static ResponseTimes Means(List<IncidentSummary> incidents) => new(
        incidents.Count,
        Mean(incidents, m => m.Acknowledged),
        Mean(incidents, m => m.Mitigated),
        Mean(incidents, m => m.Resolved));

    private static List<IncidentSummary> Checked(IEnumerable<IncidentSummary> incidents)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var list = incidents.ToList();
        foreach (var incident in list)
        {
            ArgumentNullException.ThrowIfNull(incident, nameof(incidents));
            var errors = incident.Milestones.Validate();
            if (!errors.IsValid)
            {
                throw new ArgumentException($"Incident '{incident.Id}' has milestones out of order: {errors}.", nameof(incidents));
            }
        }

        return list;
    }

    private static TimeSpan? Mean(List<IncidentSummary> incidents, Func<IncidentMilestones, DateTimeOffset?> milestone)
    {
        Int128 totalTicks = 0;
        var count = 0;
        foreach (var incident in incidents)
        {
            if (milestone(incident.Milestones) is { } reached)
            {
                totalTicks += (reached - incident.Milestones.Detected).Ticks;
                count++;
            }
        }

        return count == 0 ? null : TimeSpan.FromTicks((long)(totalTicks / count));
    }
}
