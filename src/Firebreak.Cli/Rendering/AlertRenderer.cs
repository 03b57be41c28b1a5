using System.Globalization;
using Firebreak.Detection;
using Firebreak.Incidents;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders alerts raised by detectors.</summary>
internal static class AlertRenderer
{
    private const int SummaryWidth = 70;

    public static void RenderList(IAnsiConsole console, IReadOnlyList<Alert> alerts)
    {
        if (alerts.Count == 0)
        {
            console.MarkupLine("[grey]No alerts.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Agent", "Detector", "Class", "Severity", "Status", "Count", "Last seen", "Incident", "Summary");
        foreach (var alert in alerts)
        {
            table.AddRow(
                Markup.Escape(alert.Id),
                Markup.Escape(alert.AgentId),
                Markup.Escape(alert.Detector),
                FailureClassNames.Format(alert.FailureClass),
                SeverityNames.ToSevName(alert.Severity),
                Display.Name(alert.Status),
                alert.Count.ToString(CultureInfo.InvariantCulture),
                Display.Time(alert.LastSeenAt),
                Markup.Escape(alert.IncidentId ?? "-"),
                Markup.Escape(Display.Truncate(alert.Summary, SummaryWidth)));
        }

        console.Write(table);
    }

    public static void RenderDetail(IAnsiConsole console, Alert alert)
    {
        console.MarkupLine($"Alert {Markup.Escape(alert.Id)}: {Markup.Escape(alert.Summary)}");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Agent[/]", Markup.Escape(alert.AgentId));
        grid.AddRow("[bold]Detector[/]", Markup.Escape(alert.Detector));
        grid.AddRow("[bold]Failure class[/]", FailureClassNames.Format(alert.FailureClass));
        grid.AddRow("[bold]Severity[/]", SeverityNames.ToDisplay(alert.Severity));
        grid.AddRow("[bold]Status[/]", Display.Name(alert.Status));
        grid.AddRow("[bold]Dedup key[/]", Markup.Escape(alert.DedupKey));
        grid.AddRow("[bold]Seen[/]", $"{alert.Count.ToString(CultureInfo.InvariantCulture)} times, {Display.Time(alert.FirstSeenAt)} to {Display.Time(alert.LastSeenAt)}");
        grid.AddRow("[bold]Incident[/]", Markup.Escape(alert.IncidentId ?? "-"));
        grid.AddRow("[bold]Runs[/]", Markup.Escape(alert.RunIds.Count == 0 ? "-" : string.Join(", ", alert.RunIds)));
        grid.AddRow("[bold]Actions[/]", alert.ActionSeqs.Count == 0 ? "-" : string.Join(", ", alert.ActionSeqs.Select(s => s.ToString(CultureInfo.InvariantCulture))));
        console.Write(grid);
    }
}
