using System.Globalization;
using Firebreak.Incidents;
using Firebreak.Similarity;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders a similar-case search: the run's signature, then one row per similar run, then the incidents.</summary>
internal static class SimilarRenderer
{
    public static void Render(IAnsiConsole console, SimilarRuns found)
    {
        var signature = found.Signature;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Run[/]", Markup.Escape(found.RunId));
        grid.AddRow("[bold]Signature[/]", Markup.Escape(found.Hash));
        grid.AddRow("[bold]Tools[/]", Markup.Escape(signature.Tools.Count == 0 ? "-" : string.Join(" > ", signature.Tools)));
        grid.AddRow("[bold]Failure class[/]", signature.FailureClass is { } failureClass ? FailureClassNames.Format(failureClass) : "-");
        grid.AddRow("[bold]Guardrails[/]", Markup.Escape(signature.Guardrails.Count == 0 ? "-" : string.Join(", ", signature.Guardrails)));
        console.Write(grid);
        if (found.Similar.Count == 0)
        {
            console.MarkupLine("[grey]No similar runs.[/]");
            return;
        }

        var table = new Table().AddColumns("Run", "Agent", "Started (UTC)", "Score", "Matched", "Tools", "Incidents");
        foreach (var run in found.Similar)
        {
            table.AddRow(
                Markup.Escape(run.RunId),
                Markup.Escape(run.AgentId),
                Display.Time(run.StartedAt),
                run.SameSignature ? "[green]1.00 same[/]" : run.Score.ToString("0.00", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", run.Matched)),
                Markup.Escape(string.Join(" > ", run.Tools)),
                run.Incidents.Count == 0 ? "-" : $"[red]{Markup.Escape(string.Join(", ", run.Incidents))}[/]");
        }

        console.Write(table);
        foreach (var incident in found.Incidents)
        {
            console.MarkupLine($"[red]{Markup.Escape(incident.Id)}[/] {Markup.Escape(incident.Title)} ({Markup.Escape(incident.Status)}; via {Markup.Escape(string.Join(", ", incident.Links))})");
        }
    }
}
