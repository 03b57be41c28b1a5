using System.Globalization;
using Firebreak.Control;
using Firebreak.GameDays;
using Firebreak.Incidents;

namespace Firebreak.Readiness;

/// <summary>
/// The seeds' readiness checklist for an agent: kill switch reachable (its enforcement points connected, holding the
/// current control epoch with a fresh lease), release pinned, a compensator or mitigation for every non-read tool,
/// decision traces kept at least 30 days, a regression gate with at least one case, a playbook for each failure class,
/// and the kill switch and the rollback drilled (a passed drill) within the last 30 days.
/// </summary>
public static class ReadinessChecklist
{
    public const int MinRetentionDays = 30;

    /// <summary>How recent a passed drill must be ("tested monthly").</summary>
    public static readonly TimeSpan DrillInterval = TimeSpan.FromDays(30);

    public const string KillSwitchReachable = "kill switch reachable";
    public const string ReleasePinned = "release pinned";
    public const string CompensationDeclared = "compensation for every non-read tool";
    public const string TraceRetention = "decision trace retention ≥ 30 days";
    public const string RegressionGate = "regression gate configured";
    public const string Playbooks = "playbook for each failure class";
    public const string KillSwitchDrilled = "kill switch drilled in the last 30 days";
    public const string RollbackDrilled = "rollback drilled in the last 30 days";

    /// <summary>The failure classes a playbook must answer: all but <see cref="FailureClass.Other"/>.</summary>
    public static IReadOnlyList<FailureClass> PlaybookClasses { get; } = [.. Enum.GetValues<FailureClass>().Where(c => c != FailureClass.Other)];

    public static ReadinessReport Evaluate(ReadinessFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var agent = facts.Agent;
        return new ReadinessReport(
            agent.Id,
            [
                KillSwitch(facts),
                facts.Releases.ActiveReleaseId is { } active
                    ? new ReadinessCheck(ReleasePinned, true, $"active release {Releases.Release.Abbreviate(active)}")
                    : new ReadinessCheck(ReleasePinned, false, "no active release: runs are not tied to a pinned model and prompt, and there is nothing to roll back to"),
                Compensation(facts),
                new ReadinessCheck(
                    TraceRetention,
                    facts.RetentionDays >= MinRetentionDays,
                    string.Create(CultureInfo.InvariantCulture, $"the server keeps decision traces {facts.RetentionDays} days")),
                facts.RegressionCases > 0
                    ? new ReadinessCheck(RegressionGate, true, string.Create(CultureInfo.InvariantCulture, $"{facts.RegressionCases} regression case(s) gate every promotion"))
                    : new ReadinessCheck(RegressionGate, false, "no regression case: the promotion gate has nothing to check"),
                PlaybookCoverage(facts),
                Drill(KillSwitchDrilled, facts.KillSwitchDrills, now, "firebreak gameday kill-switch"),
                Drill(RollbackDrilled, facts.RollbackDrills, now, "firebreak gameday rollback"),
            ]);
    }

    private static ReadinessCheck KillSwitch(ReadinessFacts facts)
    {
        var points = facts.Points.Where(p => p.Connected && string.Equals(p.AgentId, facts.Agent.Id, StringComparison.Ordinal)).ToList();
        if (points.Count == 0)
        {
            return new ReadinessCheck(KillSwitchReachable, false, "no enforcement point of the agent is connected: a kill would reach nothing");
        }

        var behind = points.Where(p => p.AppliedEpoch < facts.ControlEpoch || p.LeaseState != LeaseState.Fresh).Select(p => p.PointId).ToList();
        return behind.Count == 0
            ? new ReadinessCheck(KillSwitchReachable, true, string.Create(CultureInfo.InvariantCulture, $"{points.Count} enforcement point(s) connected, all holding epoch {facts.ControlEpoch} with a fresh lease"))
            : new ReadinessCheck(KillSwitchReachable, false, $"{string.Join(", ", behind)} not holding epoch {facts.ControlEpoch.ToString(CultureInfo.InvariantCulture)} with a fresh lease");
    }

    private static ReadinessCheck Compensation(ReadinessFacts facts)
    {
        var risky = facts.Agent.Tools.Where(t => t.IsRisky).ToList();
        var missing = risky.Where(t => t.Compensation is not { Http: not null } and not { Mitigation: not null }).Select(t => t.Name).ToList();
        return missing.Count == 0
            ? new ReadinessCheck(CompensationDeclared, true, string.Create(CultureInfo.InvariantCulture, $"{risky.Count} non-read tool(s), each with a compensator or mitigation"))
            : new ReadinessCheck(CompensationDeclared, false, $"no compensator or mitigation declared for {string.Join(", ", missing)}");
    }

    private static ReadinessCheck PlaybookCoverage(ReadinessFacts facts)
    {
        var missing = PlaybookClasses.Where(c => !facts.PlaybookClasses.Contains(c)).Select(FailureClassNames.Format).ToList();
        return missing.Count == 0
            ? new ReadinessCheck(Playbooks, true, $"playbooks for {string.Join(", ", PlaybookClasses.Select(FailureClassNames.Format))}")
            : new ReadinessCheck(Playbooks, false, $"no playbook for {string.Join(", ", missing)}");
    }

    private static ReadinessCheck Drill(string name, IReadOnlyList<GameDayRecord> drills, DateTimeOffset now, string command)
    {
        var passed = drills.Where(d => d.Report.Verdict == GameDayVerdict.Passed).MaxBy(d => d.Report.EndedAt);
        if (passed is not null && now - passed.Report.EndedAt <= DrillInterval)
        {
            return new ReadinessCheck(name, true, $"passed {Day(passed.Report.EndedAt)}, confirmed by every enforcement point in {GameDayMeasurer.Duration(passed.Report.Measurements.TimeToContainMs)}");
        }

        var last = drills.MaxBy(d => d.Report.EndedAt);
        var found = last is null
            ? "never drilled"
            : passed is null ? $"last drill {Day(last.Report.EndedAt)} failed" : $"last passed drill {Day(passed.Report.EndedAt)}, more than 30 days ago";
        return new ReadinessCheck(name, false, $"{found}: run {command}");
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
