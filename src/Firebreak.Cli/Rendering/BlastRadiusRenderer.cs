using Firebreak.Compensation;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders a blast radius: the one-line summary, its window and runs, then the page of actions.</summary>
internal static class BlastRadiusRenderer
{
    public static void Render(IAnsiConsole console, BlastRadiusReport report, bool listActions)
    {
        var summary = report.Summary;
        console.MarkupLine($"[bold]{Markup.Escape(BlastRadiusText.Summary(summary))}[/]");
        console.MarkupLine($"[grey]{summary.Runs} runs · first {Display.Time(summary.FirstAt)} · last {Display.Time(summary.LastAt)}[/]");
        if (!listActions || report.Actions.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("Seq", "Recorded (UTC)", "Agent", "Tool", "Outcome", "Amount", "Entities");
        foreach (var action in report.Actions)
        {
            table.AddRow(
                action.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Display.Time(action.RecordedAt),
                Markup.Escape(action.AgentId),
                Markup.Escape(action.Tool),
                Display.Name(action.Outcome),
                action.Amount is { } amount ? Display.Amount(amount, action.Currency) : "-",
                Markup.Escape(string.Join(' ', action.Entities)));
        }

        console.Write(table);
        if (report.Next is { } next)
        {
            console.MarkupLine($"[grey]More actions: --after {next}[/]");
        }
    }
}
