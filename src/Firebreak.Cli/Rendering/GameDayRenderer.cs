using Firebreak.GameDays;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders a drill report: its checks as a table, the figures that matter, and the verdict last.</summary>
internal static class GameDayRenderer
{
    public static void Render(IAnsiConsole console, GameDayReport report)
    {
        var checks = new Table().AddColumns("Check", "Bound", "Measured", "Result");
        foreach (var check in report.Checks)
        {
            checks.AddRow(Markup.Escape(check.Name), Markup.Escape(check.Bound), Markup.Escape(check.Actual), check.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        console.Write(checks);
        var m = report.Measurements;
        console.MarkupLine($"time to detect {GameDayMeasurer.Duration(m.TimeToDetectMs)} · time to contain {GameDayMeasurer.Duration(m.TimeToContainMs)} · time to drain {GameDayMeasurer.Duration(m.TimeToDrainMs)} · trace in {GameDayMeasurer.Duration(m.TimeToTraceMs)}");
        if (report.WrongActionRule is not null)
        {
            console.MarkupLine($"wrong actions executed {m.WrongActionsExecuted} ({m.WrongActionsAfterContainment} after containment){(m.WrongAmounts.Count == 0 ? string.Empty : ": " + string.Join(", ", m.WrongAmounts.Select(a => Display.Amount(a.Amount, a.Currency))))}");
        }

        console.MarkupLine(report.Verdict == GameDayVerdict.Passed
            ? $"[green]PASSED[/] game day {Markup.Escape(report.Scenario)} on {Markup.Escape(report.AgentId)}"
            : $"[red]FAILED[/] game day {Markup.Escape(report.Scenario)} on {Markup.Escape(report.AgentId)}: {Markup.Escape(string.Join(", ", report.Checks.Where(c => !c.Passed).Select(c => c.Name)))}");
    }
}
