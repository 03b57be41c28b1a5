using Firebreak.Readiness;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders readiness reports as one pass/fail table, one row per agent and checklist item, and a verdict line per agent.</summary>
internal static class ReadinessRenderer
{
    public static void Render(IAnsiConsole console, IReadOnlyList<ReadinessReport> reports)
    {
        if (reports.Count == 0)
        {
            console.MarkupLine("[grey]No agent is registered.[/]");
            return;
        }

        var table = new Table().AddColumns("Agent", "Check", "Result", "Detail");
        foreach (var report in reports)
        {
            foreach (var check in report.Checks)
            {
                table.AddRow(Markup.Escape(report.AgentId), Markup.Escape(check.Name), check.Passed ? "[green]pass[/]" : "[red]FAIL[/]", Markup.Escape(check.Detail));
            }
        }

        console.Write(table);
        foreach (var report in reports)
        {
            var failed = report.Checks.Count(c => !c.Passed);
            console.MarkupLine(failed == 0
                ? $"[green]ready[/] {Markup.Escape(report.AgentId)}: {report.Checks.Count} of {report.Checks.Count} checks passed"
                : $"[red]not ready[/] {Markup.Escape(report.AgentId)}: {failed} of {report.Checks.Count} checks failed");
        }
    }
}
