using System.Globalization;
using Firebreak.Approvals;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders approvals, operator decisions on them and standing rules.</summary>
internal static class ApprovalRenderer
{
    private const int ArgumentsWidth = 60;

    public static void RenderList(IAnsiConsole console, IReadOnlyList<Approval> approvals)
    {
        if (approvals.Count == 0)
        {
            console.MarkupLine("[grey]No approvals.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Agent", "Tool", "Arguments", "Amount", "Status", "Epoch", "Requested", "Expires", "Decided by");
        foreach (var approval in approvals)
        {
            table.AddRow(
                Markup.Escape(approval.Id),
                Markup.Escape(approval.AgentId),
                Markup.Escape(approval.Tool),
                Markup.Escape(Display.Json(approval.Arguments, ArgumentsWidth)),
                approval.Amount is { } amount ? Markup.Escape(Display.Amount(amount, approval.Currency)) : "-",
                StatusMarkup(approval.Status),
                approval.ControlEpoch.ToString(CultureInfo.InvariantCulture),
                Display.Time(approval.CreatedAt),
                Display.Time(approval.ExpiresAt),
                Markup.Escape(approval.DecidedBy ?? "-"));
        }

        console.Write(table);
    }

    public static void RenderDecision(IAnsiConsole console, Approval approval)
    {
        console.MarkupLine(
            $"Approval {Markup.Escape(approval.Id)} {StatusMarkup(approval.Status)} by {Markup.Escape(approval.DecidedBy ?? "unknown")} at {Display.Time(approval.DecidedAt)}");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Agent[/]", Markup.Escape(approval.AgentId));
        grid.AddRow("[bold]Tool[/]", Markup.Escape(approval.Tool));
        grid.AddRow("[bold]Arguments[/]", Markup.Escape(Display.Json(approval.Arguments, ArgumentsWidth * 2)));
        grid.AddRow("[bold]Reason[/]", Markup.Escape(approval.Reason ?? "-"));
        grid.AddRow("[bold]Incident[/]", Markup.Escape(approval.IncidentId ?? "-"));
        if (approval.Status == ApprovalStatus.Approved)
        {
            grid.AddRow("[bold]Valid until[/]", Display.Time(approval.ExpiresAt));
        }

        console.Write(grid);
    }

    public static void RenderRule(IAnsiConsole console, ApprovalRule rule)
    {
        var bound = rule.AmountArgument is { } argument && rule.MaxAmount is { } max
            ? $" with {Markup.Escape(argument)} <= {max.ToString(CultureInfo.InvariantCulture)}"
            : string.Empty;
        console.MarkupLine(
            $"Standing rule {Markup.Escape(rule.Id)} set by {Markup.Escape(rule.CreatedBy)}: approve {Markup.Escape(rule.Tool)} of {Markup.Escape(rule.AgentId)}{bound} until {Display.Time(rule.ExpiresAt)}");
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Reason[/]", Markup.Escape(rule.Reason));
        grid.AddRow("[bold]Incident[/]", Markup.Escape(rule.IncidentId ?? "-"));
        console.Write(grid);
    }

    private static string StatusMarkup(ApprovalStatus status) => status switch
    {
        ApprovalStatus.Approved => "[green]approved[/]",
        ApprovalStatus.Denied => "[red]denied[/]",
        ApprovalStatus.Expired => "[grey]expired[/]",
        _ => "[yellow]pending[/]",
    };
}
