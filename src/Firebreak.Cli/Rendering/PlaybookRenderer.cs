using System.Globalization;
using Firebreak.Incidents;
using Firebreak.Playbooks;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders an agent's playbooks, and an execution step by step with who confirmed each control change.</summary>
internal static class PlaybookRenderer
{
    public static void RenderList(IAnsiConsole console, string agentId, IReadOnlyList<PlaybookDefinition> playbooks)
    {
        if (playbooks.Count == 0)
        {
            console.MarkupLine($"Agent {Markup.Escape(agentId)} declares no playbooks.");
            return;
        }

        var table = new Table().AddColumns("Playbook", "Auto", "Matches", "Steps", "Description");
        foreach (var playbook in playbooks)
        {
            table.AddRow(
                Markup.Escape(playbook.Name),
                playbook.Auto ? "[yellow]yes[/]" : "no",
                Markup.Escape(Matches(playbook.Match)),
                Markup.Escape(string.Join(" → ", playbook.Steps.Select(s => PlaybookValidator.Kind(s.Kind)))),
                Markup.Escape(playbook.Description ?? "-"));
        }

        console.Write(table);
    }

    public static void RenderExecution(IAnsiConsole console, PlaybookExecution execution)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[bold]Playbook[/]", $"{Markup.Escape(execution.Playbook)} on {Markup.Escape(execution.AgentId)}" + (execution.DryRun ? " [yellow](dry run: nothing changed)[/]" : string.Empty));
        if (!execution.DryRun)
        {
            header.AddRow("[bold]Execution[/]", Markup.Escape(execution.Id));
        }

        header.AddRow("[bold]Actor[/]", Markup.Escape(execution.Actor));
        header.AddRow("[bold]Applied by[/]", Markup.Escape(execution.TriggeredBy));
        header.AddRow("[bold]Alert[/]", Markup.Escape(execution.AlertId ?? "-"));
        header.AddRow("[bold]Incident[/]", Markup.Escape(execution.IncidentId ?? "-"));
        console.Write(header);

        var table = new Table().AddColumns("#", "Step", "Status", "What", "Outcome", "ms");
        foreach (var step in execution.Steps)
        {
            table.AddRow(
                (step.Index + 1).ToString(CultureInfo.InvariantCulture),
                PlaybookValidator.Kind(step.Kind),
                Status(step.Status),
                Markup.Escape(step.Description),
                Markup.Escape(step.Detail ?? "-"),
                step.DurationMs is { } ms ? ms.ToString("0.0", CultureInfo.InvariantCulture) : "-");
        }

        console.Write(table);
        foreach (var step in execution.Steps.Where(s => s.Control is not null))
        {
            var result = step.Control!;
            console.MarkupLine($"[bold]Step {step.Index + 1}[/] epoch {result.Epoch}, set by {Markup.Escape(result.Change.Actor)}:");
            ControlRenderer.RenderConfirmations(console, result.Confirmations, result.Epoch, result.Confirmed, result.Unconfirmed);
        }
    }

    private static string Matches(PlaybookMatch match)
    {
        var text = string.Join(", ", match.FailureClasses.Select(FailureClassNames.Format));
        if (match.MinSeverity is { } severity)
        {
            text += $" at {SeverityNames.ToSevName(severity)} or worse";
        }

        if (match.Detectors is { } detectors)
        {
            text += $" from {string.Join(", ", detectors)}";
        }

        return text;
    }

    private static string Status(PlaybookStepStatus status) => status switch
    {
        PlaybookStepStatus.Applied => "[green]applied[/]",
        PlaybookStepStatus.Planned => "[blue]planned[/]",
        PlaybookStepStatus.AlreadyInEffect => "[grey]already in effect[/]",
        PlaybookStepStatus.Skipped => "[yellow]skipped[/]",
        _ => "[red]failed[/]",
    };
}
