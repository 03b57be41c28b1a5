using System.Globalization;
using Firebreak.Control;
using Firebreak.Registry;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders control changes with their confirmations, and the control status of agents and enforcement points.</summary>
internal static class ControlRenderer
{
    public static void RenderChange(IAnsiConsole console, ControlChangeResult result)
    {
        var change = result.Change;
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[bold]Epoch[/]", result.Epoch.ToString(CultureInfo.InvariantCulture));
        header.AddRow("[bold]Mode[/]", change.Mode is { } mode ? ModeMarkup(mode) : "[grey]unchanged[/]");
        header.AddRow("[bold]Scopes[/]", change.Scopes.Count == 0 ? "[grey]none[/]" : Markup.Escape(string.Join(", ", change.Scopes.Select(s => s.Key))));
        header.AddRow("[bold]Actor[/]", Markup.Escape(change.Actor));
        header.AddRow("[bold]Reason[/]", Markup.Escape(change.Reason));
        header.AddRow("[bold]Incident[/]", Markup.Escape(change.IncidentId ?? "-"));
        header.AddRow("[bold]Expires[/]", change.ExpiresAt is { } expiry ? Display.Time(expiry) : "until changed");
        if (change.FreezeAgentId is { } frozen)
        {
            header.AddRow("[bold]Freeze[/]", $"{Markup.Escape(frozen)} {(change.Freeze ? "frozen" : "thawed")}");
        }

        if (change.StrictAgentId is { } strict)
        {
            header.AddRow("[bold]Policy level[/]", $"{Markup.Escape(strict)} {(change.Strict ? "[yellow]strict[/]" : "[green]normal[/]")}");
        }

        console.Write(header);

        RenderConfirmations(console, result.Confirmations, result.Epoch, result.Confirmed, result.Unconfirmed);
    }

    /// <summary>Which enforcement points confirmed <paramref name="epoch"/>, one row each, and the count.</summary>
    public static void RenderConfirmations(IAnsiConsole console, IReadOnlyList<PointConfirmation> confirmations, long epoch, int confirmed, int unconfirmed)
    {
        var total = confirmations.Count;
        if (total == 0)
        {
            console.MarkupLine($"0 of 0 enforcement points confirmed epoch {epoch}: no enforcement point is connected for this change.");
            return;
        }

        var table = new Table().AddColumns("Point", "Agent", "Host", "Version", "Confirmed", "Epoch", "ms");
        foreach (var point in confirmations)
        {
            table.AddRow(
                Cut(point.PointId),
                Cut(point.AgentId ?? "(all)"),
                Cut(point.Host ?? "-"),
                Cut(point.Version is { } version ? Display.ShortVersion(version) : "-"),
                new Markup(point.Confirmed ? "[green]yes[/]" : "[red]no[/]"),
                new Text(point.AppliedEpoch.ToString(CultureInfo.InvariantCulture)),
                new Text(point.LatencyMs is { } latency ? latency.ToString("0.0", CultureInfo.InvariantCulture) : "-"));
        }

        console.Write(table);
        var colour = unconfirmed == 0 ? "green" : "red";
        console.MarkupLine($"[{colour}]{confirmed} of {total} enforcement points confirmed epoch {epoch}[/]");
    }

    /// <summary>
    /// The mode in force for each agent's runs and each of its tools at <paramref name="now"/>, the frozen and strict agents, and
    /// the enforcement points with how far behind the current epoch each is.
    /// </summary>
    public static void RenderStatus(
        IAnsiConsole console,
        ControlSnapshot snapshot,
        IReadOnlyList<AgentDefinition> agents,
        IReadOnlyList<EnforcementPointInfo> points,
        DateTimeOffset now)
    {
        console.MarkupLine($"[bold]Control epoch[/] {snapshot.Epoch}");
        var table = new Table().AddColumns("Agent", "Tool", "Mode", "Decided by", "Actor", "Reason", "Expires");
        foreach (var agent in agents)
        {
            AddEffective(table, agent.Id, "(runs)", snapshot.EffectiveMode(agent.Id, now));
            foreach (var tool in agent.Tools)
            {
                AddEffective(table, agent.Id, tool.Name, snapshot.EffectiveMode(agent.Id, tool.Name, now));
            }
        }

        if (agents.Count == 0)
        {
            console.MarkupLine("[grey]No agents registered.[/]");
        }
        else
        {
            console.Write(table);
        }

        console.MarkupLine(snapshot.FrozenAgents.Count == 0
            ? "[bold]Frozen agents[/] none"
            : $"[bold]Frozen agents[/] {Markup.Escape(string.Join(", ", snapshot.FrozenAgents))}");
        console.MarkupLine(snapshot.StrictAgents.Count == 0
            ? "[bold]Strict agents[/] none"
            : $"[bold]Strict agents[/] {Markup.Escape(string.Join(", ", snapshot.StrictAgents))}");

        if (points.Count == 0)
        {
            console.MarkupLine("[grey]No enforcement points known.[/]");
            return;
        }

        var pointTable = new Table().AddColumns("Point", "Agent", "Host", "Version", "Connected", "Lease", "Applied epoch", "Last seen");
        foreach (var point in points)
        {
            var behind = snapshot.Epoch - point.AppliedEpoch;
            pointTable.AddRow(
                Markup.Escape(point.PointId),
                Markup.Escape(point.AgentId ?? "(all)"),
                Markup.Escape(point.Host ?? "-"),
                Markup.Escape(point.Version ?? "-"),
                point.Connected ? "yes" : "[red]no[/]",
                point.LeaseState == LeaseState.Fresh ? "[green]fresh[/]" : "[red]stale[/]",
                behind <= 0
                    ? $"{point.AppliedEpoch} [green](current)[/]"
                    : $"{point.AppliedEpoch} [red]({behind} behind)[/]",
                Display.Time(point.LastSeen));
        }

        console.Write(pointTable);
    }

    private static void AddEffective(Table table, string agentId, string tool, EffectiveControl effective)
    {
        var setting = effective.DecidedBy;
        table.AddRow(
            Markup.Escape(agentId),
            Markup.Escape(tool),
            ModeMarkup(effective.Mode),
            setting is null ? "-" : $"{Markup.Escape(setting.Scope.Key)} (epoch {setting.Epoch})",
            Markup.Escape(setting?.Actor ?? "-"),
            Markup.Escape(setting?.Reason ?? "-"),
            setting is null ? "-" : setting.ExpiresAt is { } expiry ? Display.Time(expiry) : "until changed");
    }

    /// <summary>A value cut with an ellipsis where the terminal is too narrow, so each point stays on one line instead of wrapping.</summary>
    private static Text Cut(string value) => new(value) { Overflow = Overflow.Ellipsis };

    private static string ModeMarkup(ControlMode mode) => mode switch
    {
        ControlMode.Normal => "[green]normal[/]",
        ControlMode.Killed => "[red bold]killed[/]",
        _ => $"[yellow]{Display.Name(mode)}[/]",
    };
}
