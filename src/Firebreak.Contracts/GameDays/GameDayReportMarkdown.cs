using System.Globalization;
using System.Text;
using Firebreak.Incidents;

namespace Firebreak.GameDays;

/// <summary>
/// Writes a <see cref="GameDayReport"/> as CommonMark: the verdict, a table of checks, the figures, and the notes.
/// Times are written in UTC; lines end with <c>\n</c> on every platform; table cells have pipes escaped.
/// </summary>
public static class GameDayReportMarkdown
{
    /// <summary>Renders <paramref name="report"/>; the text ends with a single newline.</summary>
    public static string Render(GameDayReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Measurements;
        var md = new StringBuilder();
        md.Append("# Game day: ").Append(Cell(report.Title)).Append('\n').Append('\n');
        md.Append("**").Append(report.Verdict == GameDayVerdict.Passed ? "PASSED" : "FAILED").Append("** · scenario `").Append(report.Scenario)
            .Append("` · agent `").Append(report.AgentId).Append('`');
        if (report.FailureClass is { } failureClass)
        {
            md.Append(" · ").Append(FailureClassNames.Format(failureClass));
        }

        md.Append('\n').Append('\n');
        Line(md, $"Started {Time(report.StartedAt)}, failure injected {Time(report.InjectedAt)}, watched until {Time(report.EndedAt)} (UTC); {report.Queued} tickets queued.");
        if (report.WrongActionRule is { } rule)
        {
            Line(md, $"Wrong actions: {rule}.");
        }

        md.Append('\n').Append("## Checks").Append('\n').Append('\n');
        md.Append("| Check | Bound | Measured | Result |\n| --- | --- | --- | --- |\n");
        foreach (var check in report.Checks)
        {
            Row(md, check.Name, check.Bound, check.Actual, check.Passed ? "pass" : "FAIL");
        }

        md.Append('\n').Append("## Measurements").Append('\n').Append('\n');
        md.Append("| Measurement | Value |\n| --- | --- |\n");
        Row(md, "time to detect (injection → first alert)", m.TimeToDetectMs is null ? "no alert" : $"{GameDayMeasurer.Duration(m.TimeToDetectMs)} ({m.DetectedBy}, {m.AlertId})");
        Row(md, "incident", m.IncidentId ?? "none");
        Row(md, "injection → first wrong action", GameDayMeasurer.Duration(m.FirstWrongActionMs));
        Row(md, "time to contain (first wrong action → confirmed by the enforcement points)", GameDayMeasurer.Duration(m.TimeToContainMs));
        Row(md, "injection → containing change stored", GameDayMeasurer.Duration(m.ContainmentChangedMs));
        Row(md, "injection → containment confirmed", GameDayMeasurer.Duration(m.ContainedAfterInjectionMs));
        Row(md, "contained by", m.ContainedBy is null ? "nobody" : $"{m.ContainedBy}: {m.Containment} (epoch {m.ContainmentEpoch}, {m.PointsConfirmed} of {m.Points} enforcement points confirmed)");
        Row(md, "time to drain (containment → last run in flight ended)", m.TimeToDrainMs is null && m.RunsInFlight == 0 ? "n/a" : $"{GameDayMeasurer.Duration(m.TimeToDrainMs)} ({m.RunsInFlight} runs in flight)");
        Row(md, "time to produce the first wrong action's decision trace", m.TimeToTraceMs is null ? "n/a" : $"{GameDayMeasurer.Duration(m.TimeToTraceMs)} (run {m.FirstWrongRunId}, action #{m.FirstWrongActionSeq})");
        Row(md, "wrong actions executed", Count(m.WrongActionsExecuted));
        Row(md, "of which after containment", Count(m.WrongActionsAfterContainment));
        Row(md, "money moved by wrong actions", m.WrongAmounts.Count == 0 ? "none" : string.Join(", ", m.WrongAmounts.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Currency} {a.Amount:0.00}"))));
        Row(md, "runs from the injection on", Count(m.Runs));

        if (report.Notes.Count > 0)
        {
            md.Append('\n').Append("## Notes").Append('\n').Append('\n');
            foreach (var note in report.Notes)
            {
                md.Append("- ").Append(note.ReplaceLineEndings(" ")).Append('\n');
            }
        }

        return md.ToString();
    }

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static void Row(StringBuilder md, params string[] cells) =>
        md.Append("| ").Append(string.Join(" | ", cells.Select(Cell))).Append(" |\n");

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}
