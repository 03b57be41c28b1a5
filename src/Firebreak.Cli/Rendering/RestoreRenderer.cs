using Firebreak.Releases;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders a gradual restore: where it stands and every decision with its reason.</summary>
internal static class RestoreRenderer
{
    public static void Render(IAnsiConsole console, Restore restore)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Restore[/]", Markup.Escape(restore.Id));
        grid.AddRow("[bold]Agent[/]", Markup.Escape(restore.AgentId));
        grid.AddRow("[bold]Candidate[/]", Release.Abbreviate(restore.CandidateReleaseId));
        grid.AddRow("[bold]Baseline[/]", Release.Abbreviate(restore.BaselineReleaseId));
        grid.AddRow("[bold]Status[/]", Display.Name(restore.Status));
        grid.AddRow("[bold]Steps[/]", string.Join(" → ", restore.Steps.Select((s, i) => i == restore.Stage && restore.Status is RestoreStatus.Running or RestoreStatus.Paused ? $"[bold]{s} %[/]" : $"{s} %")));
        grid.AddRow("[bold]Share now[/]", $"{restore.CurrentPercent()} %");
        grid.AddRow("[bold]Interval[/]", restore.Interval.ToString());
        grid.AddRow("[bold]Started[/]", $"{Display.Time(restore.StartedAt)} by {Markup.Escape(restore.Actor)}: {Markup.Escape(restore.Reason)}");
        console.Write(grid);
        if (restore.Decisions.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("When", "At %", "Decision", "By", "Why");
        foreach (var decision in restore.Decisions)
        {
            table.AddRow(
                Display.Time(decision.At),
                decision.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Display.Name(decision.Verdict),
                Markup.Escape(decision.Actor),
                Markup.Escape(decision.Reason));
        }

        console.Write(table);
    }
}
