using Firebreak.Held;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders held run inputs and operator decisions on them.</summary>
internal static class HeldRenderer
{
    private const int InputWidth = 60;

    public static void RenderList(IAnsiConsole console, IReadOnlyList<HeldItem> items)
    {
        if (items.Count == 0)
        {
            console.MarkupLine("[grey]No held items.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Agent", "Input", "Status", "Held", "Reason", "Decided by");
        foreach (var item in items)
        {
            table.AddRow(
                Markup.Escape(item.Id),
                Markup.Escape(item.AgentId),
                Markup.Escape(Display.Json(item.Input, InputWidth)),
                Display.Name(item.Status),
                Display.Time(item.HeldAt),
                Markup.Escape(item.Reason ?? "-"),
                Markup.Escape(item.DecidedBy ?? "-"));
        }

        console.Write(table);
    }

    public static void RenderDecision(IAnsiConsole console, HeldItem item)
    {
        console.MarkupLine(
            $"Held item {Markup.Escape(item.Id)} {Display.Name(item.Status)} by {Markup.Escape(item.DecidedBy ?? "unknown")} at {Display.Time(item.DecidedAt)}");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Agent[/]", Markup.Escape(item.AgentId));
        grid.AddRow("[bold]Input[/]", Markup.Escape(Display.Json(item.Input, InputWidth * 2)));
        grid.AddRow("[bold]Reason[/]", Markup.Escape(item.DecisionReason ?? "-"));
        grid.AddRow("[bold]Incident[/]", Markup.Escape(item.IncidentId ?? "-"));
        console.Write(grid);
    }
}
