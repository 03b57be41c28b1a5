using Firebreak.Compensation;
using Firebreak.Ledger;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders runs.</summary>
internal static class RunRenderer
{
    public static void RenderList(IAnsiConsole console, IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0)
        {
            console.MarkupLine("[grey]No runs.[/]");
            return;
        }

        var table = new Table().AddColumns("Run", "Agent", "Status", "Started (UTC)", "Duration", "Correlation");
        foreach (var run in runs)
        {
            table.AddRow(
                Markup.Escape(run.Id),
                Markup.Escape(run.AgentId),
                run.Toxic is null ? Status(run.Status) : $"{Status(run.Status)} [red]toxic[/]",
                Display.Time(run.StartedAt),
                Display.Duration(run.StartedAt, run.EndedAt),
                Markup.Escape(run.CorrelationId));
        }

        console.Write(table);
    }

    public static void RenderRun(IAnsiConsole console, RunRecord run)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Run[/]", Markup.Escape(run.Id));
        grid.AddRow("[bold]Agent[/]", Markup.Escape(run.AgentId));
        grid.AddRow("[bold]Status[/]", Status(run.Status));
        grid.AddRow("[bold]Correlation[/]", Markup.Escape(run.CorrelationId));
        grid.AddRow("[bold]Started[/]", Display.Time(run.StartedAt));
        grid.AddRow("[bold]Ended[/]", Display.Time(run.EndedAt));
        grid.AddRow("[bold]Duration[/]", Display.Duration(run.StartedAt, run.EndedAt));
        AddIfPresent(grid, "Traceparent", run.Traceparent);
        AddIfPresent(grid, "Release", run.Release.ReleaseId);
        AddIfPresent(grid, "Agent version", run.Release.AgentVersion);
        AddIfPresent(grid, "Prompt version", run.Release.PromptVersion);
        AddIfPresent(grid, "Model", run.Release.ModelId);
        if (run.Toxic is { } toxic)
        {
            grid.AddRow("[bold]Toxic[/]", $"[red]{Markup.Escape(toxic.Reason)}[/] (marked by {Markup.Escape(toxic.MarkedBy)} at {Display.Time(toxic.MarkedAt)})");
        }

        console.Write(grid);
    }

    /// <summary>What a toxic marking did.</summary>
    public static void RenderToxicMarking(IAnsiConsole console, ToxicMarking marking)
    {
        ArgumentNullException.ThrowIfNull(marking);
        console.MarkupLine($"Marked [red]{marking.Marked}[/] runs toxic; {marking.Selected - marking.Marked} of {marking.Selected} selected were already marked.");
    }

    /// <summary>A run's status, coloured: red when it failed or was killed, yellow while held.</summary>
    public static string Status(RunStatus status) => status switch
    {
        RunStatus.Failed or RunStatus.Killed => $"[red]{Display.Name(status)}[/]",
        RunStatus.Held => $"[yellow]{Display.Name(status)}[/]",
        RunStatus.Completed => $"[green]{Display.Name(status)}[/]",
        _ => Display.Name(status),
    };

    private static void AddIfPresent(Grid grid, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            grid.AddRow($"[bold]{label}[/]", Markup.Escape(value));
        }
    }
}
