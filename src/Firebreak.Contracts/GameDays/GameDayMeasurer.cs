using System.Globalization;
using Firebreak.Ledger;

namespace Firebreak.GameDays;

/// <summary>
/// Turns what a drill saw into its report: time to detect (first alert after the injection), time to contain (first
/// wrong action, or the injection when none executed, to containment confirmed by the agent's enforcement points),
/// time to drain (containment to the end of the last run in flight then), time to produce the first wrong action's
/// decision trace, wrong actions executed, and a check per bound of the scenario.
/// </summary>
public static class GameDayMeasurer
{
    public static GameDayReport Measure(GameDayScenario scenario, GameDayObservations observations)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(observations);
        var injectedAt = observations.InjectedAt;

        var alert = observations.Alerts
            .Where(a => string.Equals(a.AgentId, observations.AgentId, StringComparison.Ordinal) && a.LastSeenAt >= injectedAt)
            .OrderBy(a => Later(a.FirstSeenAt, injectedAt))
            .FirstOrDefault();
        double? timeToDetect = alert is null ? null : Ms(Later(alert.FirstSeenAt, injectedAt) - injectedAt);

        var wrong = scenario.WrongAction?.Select(observations.Actions.Where(a => a.RecordedAt >= injectedAt)) ?? [];
        var first = wrong.Count > 0 ? wrong[0] : null;
        var containment = observations.Containment;
        var confirmedAt = containment?.ConfirmedAt;
        var containFrom = first?.RecordedAt ?? injectedAt;
        double? timeToContain = confirmedAt is { } at ? Ms(Later(at, containFrom) - containFrom) : null;
        double? containedAfterInjection = confirmedAt is { } at2 ? Ms(Later(at2, injectedAt) - injectedAt) : null;
        var afterContainment = confirmedAt is { } cut ? wrong.Count(a => a.RecordedAt > cut) : 0;

        var runs = observations.Runs.Where(r => string.Equals(r.AgentId, observations.AgentId, StringComparison.Ordinal)).ToList();
        var (inFlight, timeToDrain) = Drain(runs, confirmedAt);

        var amounts = wrong
            .Where(a => a.Amount is not null && a.Currency is not null)
            .GroupBy(a => a.Currency!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new WrongAmount(g.Key, g.Sum(a => a.Amount!.Value)))
            .ToList();

        var trace = observations.Trace;
        var measurements = new GameDayMeasurements(
            timeToDetect,
            alert?.Detector,
            alert?.Id,
            alert?.IncidentId,
            timeToContain,
            containedAfterInjection,
            containment is null ? null : Ms(Later(containment.ChangedAt, injectedAt) - injectedAt),
            containment?.Actor,
            containment?.Description,
            containment?.Epoch,
            containment?.PointsConfirmed ?? 0,
            containment?.Points ?? 0,
            timeToDrain,
            inFlight,
            trace is null ? null : Ms(trace.Duration),
            first?.RunId,
            first?.Seq,
            first is null ? null : Ms(Later(first.RecordedAt, injectedAt) - injectedAt),
            wrong.Count,
            afterContainment,
            amounts,
            runs.Count);

        var checks = Checks(scenario, measurements, containment, trace, wrong.Count > 0);
        return new GameDayReport(
            scenario.Name,
            scenario.Title,
            observations.AgentId,
            scenario.FailureClass,
            observations.StartedAt,
            injectedAt,
            observations.EndedAt,
            observations.Queued,
            scenario.WrongAction?.Describe(),
            checks.All(c => c.Passed) ? GameDayVerdict.Passed : GameDayVerdict.Failed,
            measurements,
            checks,
            observations.Notes);
    }

    /// <summary>A duration as the report writes it: <c>812 ms</c> under 10 s, <c>12.4 s</c> above.</summary>
    public static string Duration(double? milliseconds) => milliseconds switch
    {
        null => "never",
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds.Value:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds.Value / 1000:0.0} s"),
    };

    private static List<GameDayCheck> Checks(GameDayScenario scenario, GameDayMeasurements m, GameDayContainment? containment, TraceRetrieval? trace, bool anyWrong)
    {
        var bounds = scenario.Bounds;
        var checks = new List<GameDayCheck>();
        if (bounds.MaxTimeToDetect is { } detect)
        {
            checks.Add(new GameDayCheck("time to detect", $"≤ {Duration(detect.TotalMilliseconds)}", Duration(m.TimeToDetectMs), m.TimeToDetectMs is { } d && d <= detect.TotalMilliseconds));
        }

        var confirmation = containment is null ? "no containing change" : $"{m.PointsConfirmed} of {m.Points} enforcement points";
        checks.Add(new GameDayCheck("containment confirmed", "every enforcement point of the agent", confirmation, containment?.ConfirmedAt is not null));
        if (bounds.RequireAutomaticContainment)
        {
            checks.Add(new GameDayCheck("contained automatically", "by a playbook or detector", containment?.Actor ?? "nobody", containment?.IsAutomatic == true));
        }

        var max = bounds.MaxTimeToContain.TotalMilliseconds;
        checks.Add(new GameDayCheck("time to contain", $"≤ {Duration(max)}", Duration(m.TimeToContainMs), m.TimeToContainMs is { } c && c <= max));
        if (scenario.WrongAction is not null)
        {
            checks.Add(new GameDayCheck(
                "wrong actions executed",
                string.Create(CultureInfo.InvariantCulture, $"≤ {bounds.MaxWrongActions}"),
                m.WrongActionsExecuted.ToString(CultureInfo.InvariantCulture),
                m.WrongActionsExecuted <= bounds.MaxWrongActions));
        }

        if (anyWrong)
        {
            var produced = trace is { ContainsAction: true };
            checks.Add(new GameDayCheck(
                "decision trace of the first wrong action",
                "produced, holding the action",
                trace is null ? "not produced" : $"{trace.Entries} entries in {Duration(Ms(trace.Duration))}{(trace.ContainsAction ? string.Empty : ", without the action")}",
                produced));
        }

        return checks;
    }

    // Runs in flight when containment was confirmed, and how long after it the last of them ended; null while one still runs.
    private static (int InFlight, double? TimeToDrain) Drain(List<RunRecord> runs, DateTimeOffset? confirmedAt)
    {
        if (confirmedAt is not { } at)
        {
            return (0, null);
        }

        var inFlight = runs.Where(r => r.StartedAt <= at && (r.EndedAt is null || r.EndedAt > at)).ToList();
        if (inFlight.Count == 0)
        {
            return (0, 0);
        }

        return inFlight.Any(r => r.EndedAt is null) ? (inFlight.Count, null) : (inFlight.Count, Ms(inFlight.Max(r => r.EndedAt!.Value) - at));
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static double Ms(TimeSpan span) => Math.Round(span.TotalMilliseconds, 1);
}
