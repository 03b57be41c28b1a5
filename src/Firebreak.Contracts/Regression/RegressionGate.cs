namespace Firebreak.Regression;

/// <summary>
/// The re-deploy gate: a release may be promoted only when every regression case of its agent passed its latest
/// replay on that release. A case never replayed on it keeps the gate closed as surely as a failing one.
/// </summary>
public static class RegressionGate
{
    public static GateReport Evaluate(string agentId, string releaseId, IReadOnlyList<RegressionCase> cases, IReadOnlyList<RegressionResult> results)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(results);
        var latest = results
            .Where(r => string.Equals(r.ReleaseId, releaseId, StringComparison.Ordinal))
            .GroupBy(r => r.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.RanAt)!, StringComparer.Ordinal);
        var rows = cases
            .OrderBy(c => c.CreatedAt)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c =>
            {
                var assertions = c.Assertions.Select(a => a.Describe()).ToList();
                return latest.TryGetValue(c.Id, out var result)
                    ? new GateCase(c.Id, c.Name, c.SourceRunId, result.Passed ? GateCaseStatus.Passed : GateCaseStatus.Failed, assertions, result.Failures, result.RanAt)
                    : new GateCase(c.Id, c.Name, c.SourceRunId, GateCaseStatus.NotReplayed, assertions, ["not replayed on this release"]);
            })
            .ToList();
        return new GateReport(agentId, releaseId, rows, rows.TrueForAll(r => r.Status == GateCaseStatus.Passed));
    }
}
