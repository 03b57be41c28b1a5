namespace Firebreak.Detection;

/// <summary>
/// How findings become alerts: a finding repeats an alert of the same agent, detector and dedup key that is not resolved
/// and was last seen within the detector's window, and updates it; otherwise it raises a new alert.
/// </summary>
internal static class AlertDeduplication
{
    /// <summary>The most run ids, and the most action sequence numbers, an alert keeps as evidence.</summary>
    public const int MaxEvidence = 100;

    /// <summary>Whether <paramref name="finding"/> repeats <paramref name="alert"/> instead of raising a new one.</summary>
    public static bool Repeats(Alert alert, DetectorFinding finding)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(finding);
        return alert.Status != AlertStatus.Resolved
            && string.Equals(alert.AgentId, finding.AgentId, StringComparison.Ordinal)
            && string.Equals(alert.Detector, finding.Definition.Name, StringComparison.Ordinal)
            && string.Equals(alert.DedupKey, finding.DedupKey, StringComparison.Ordinal)
            && finding.At - alert.LastSeenAt <= finding.Definition.Window;
    }

    /// <summary>The new alert <paramref name="finding"/> raises.</summary>
    public static Alert Raise(string id, DetectorFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var definition = finding.Definition;
        return new Alert(
            id, finding.AgentId, definition.Name, definition.FailureClass, definition.Severity, finding.DedupKey, finding.Summary,
            Last(finding.RunIds), Last(finding.ActionSeqs), finding.At, finding.At, 1, AlertStatus.Open, null);
    }

    /// <summary><paramref name="alert"/> updated by a repeat: counted, last seen then, latest summary, evidence merged (most recent last, capped).</summary>
    public static Alert Merge(Alert alert, DetectorFinding finding)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(finding);
        return alert with
        {
            Summary = finding.Summary,
            RunIds = Last(alert.RunIds.Where(r => !finding.RunIds.Contains(r, StringComparer.Ordinal)).Concat(finding.RunIds)),
            ActionSeqs = Last(alert.ActionSeqs.Where(s => !finding.ActionSeqs.Contains(s)).Concat(finding.ActionSeqs)),
            LastSeenAt = finding.At > alert.LastSeenAt ? finding.At : alert.LastSeenAt,
            Count = alert.Count + 1,
        };
    }

    /// <summary>The last <see cref="MaxEvidence"/> of <paramref name="items"/>.</summary>
    public static IReadOnlyList<T> Last<T>(IEnumerable<T> items)
    {
        var all = items.ToList();
        return all.Count <= MaxEvidence ? all : all.GetRange(all.Count - MaxEvidence, MaxEvidence);
    }
}
