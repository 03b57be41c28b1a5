using Firebreak.Incidents;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders incidents; overdue updates and postmortems are shown in red so they cannot be missed.</summary>
internal static class IncidentRenderer
{
    public static void RenderDeclared(IAnsiConsole console, DeclaredIncident declared)
    {
        var incident = declared.Incident;
        console.MarkupLine($"Declared [bold]{Markup.Escape(incident.Id)}[/] {Markup.Escape(incident.Severity)}: {Markup.Escape(incident.Title)}");
        if (declared.Suggestion is { } suggestion)
        {
            var suggested = SeverityNames.ToSevName(suggestion.Severity);
            var colour = suggested == incident.Severity ? "green" : "yellow";
            console.MarkupLine($"[{colour}]Classifier suggests {suggested}[/]: {Markup.Escape(string.Join("; ", suggestion.Reasons))}");
        }
    }

    public static void RenderList(IAnsiConsole console, IReadOnlyList<Incident> incidents)
    {
        if (incidents.Count == 0)
        {
            console.MarkupLine("[grey]No incidents.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Severity", "Status", "Title", "Agents", "Commander", "Detected (UTC)");
        foreach (var incident in incidents)
        {
            table.AddRow(
                Markup.Escape(incident.Id),
                Markup.Escape(incident.Severity),
                Display.Name(incident.Status),
                Markup.Escape(Display.Truncate(incident.Title, 60)),
                Markup.Escape(string.Join(", ", incident.Agents)),
                Markup.Escape(incident.Commander),
                Display.Time(incident.Milestones.Detected));
        }

        console.Write(table);
    }

    public static void RenderIncident(IAnsiConsole console, Incident incident)
    {
        console.MarkupLine($"[bold]{Markup.Escape(incident.Id)}[/] {Markup.Escape(incident.Severity)} {Display.Name(incident.Status)}: {Markup.Escape(incident.Title)}");
    }

    public static void RenderPage(IAnsiConsole console, IncidentPage page)
    {
        console.MarkupLine(
            $"Page of [bold]{Markup.Escape(page.IncidentId)}[/] acknowledged by {Markup.Escape(page.AcknowledgedBy ?? "?")} at level {page.Level + 1} after {page.Sent} page(s).");
    }

    public static void RenderDetail(IAnsiConsole console, IncidentDetail detail)
    {
        var incident = detail.Incident;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Id[/]", Markup.Escape(incident.Id));
        grid.AddRow("[bold]Title[/]", Markup.Escape(incident.Title));
        grid.AddRow("[bold]Severity[/]", Markup.Escape(incident.Severity));
        grid.AddRow("[bold]Status[/]", Display.Name(incident.Status));
        grid.AddRow("[bold]Failure class[/]", FailureClassNames.Format(incident.FailureClass) + (incident.Tool is { } tool ? $" ({Markup.Escape(tool)})" : string.Empty));
        grid.AddRow("[bold]Agents[/]", Markup.Escape(string.Join(", ", incident.Agents)));
        grid.AddRow("[bold]Commander[/]", Markup.Escape(incident.Commander));
        grid.AddRow("[bold]Scribe[/]", Markup.Escape(incident.Scribe ?? "-"));
        grid.AddRow("[bold]Responders[/]", Markup.Escape(incident.Responders.Count == 0 ? "-" : string.Join(", ", incident.Responders)));
        grid.AddRow("[bold]Detected[/]", Display.Time(incident.Milestones.Detected));
        grid.AddRow("[bold]Acknowledged[/]", Display.Time(incident.Milestones.Acknowledged));
        grid.AddRow("[bold]Mitigated[/]", Display.Time(incident.Milestones.Mitigated));
        grid.AddRow("[bold]Resolved[/]", Display.Time(incident.Milestones.Resolved));
        if (incident.RecurrenceOf is { } previous)
        {
            grid.AddRow("[bold]Recurrence of[/]", Markup.Escape(previous));
        }

        grid.AddRow("[bold]Next update[/]", DeadlineText(detail.Deadlines.NextUpdate));
        grid.AddRow("[bold]Postmortem[/]", DeadlineText(detail.Deadlines.Postmortem));
        console.Write(grid);

        var timeline = new Table().Title("Timeline").AddColumns("#", "Time (UTC)", "Actor", "Kind", "Event");
        foreach (var entry in detail.Timeline)
        {
            timeline.AddRow(
                entry.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Display.Time(entry.At),
                Markup.Escape(entry.Actor),
                Display.Name(entry.Kind),
                Markup.Escape(entry.Text));
        }

        console.Write(timeline);
        if (detail.ActionItems.Count > 0)
        {
            RenderActionItems(console, detail.ActionItems);
        }
    }

    public static void RenderActionItems(IAnsiConsole console, IReadOnlyList<IncidentActionItem> items)
    {
        if (items.Count == 0)
        {
            console.MarkupLine("[grey]No action items.[/]");
            return;
        }

        var table = new Table().Title("Action items").AddColumns("#", "Action", "Owner", "Due", "Status");
        foreach (var item in items)
        {
            table.AddRow(
                item.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(item.Text),
                Markup.Escape(item.Owner),
                item.Due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Display.Name(item.Status));
        }

        console.Write(table);
    }

    public static void RenderCommunication(IAnsiConsole console, IncidentCommunication message)
    {
        console.MarkupLine($"Sent [bold]{Display.Name(message.Channel)}[/] update #{message.Seq} at {Display.Time(message.At)}.");
        if (message.Subject is { } subject)
        {
            console.MarkupLine($"[bold]{Markup.Escape(subject)}[/]");
        }

        console.WriteLine(message.Body);
    }

    public static string DeadlineText(Deadline deadline) => deadline switch
    {
        { DueAt: null } => "-",
        { IsOverdue: true, DueAt: { } due } => $"[red bold]OVERDUE[/] (due {Display.Time(due)})",
        { DueAt: { } due } => $"due {Display.Time(due)}",
    };
}
