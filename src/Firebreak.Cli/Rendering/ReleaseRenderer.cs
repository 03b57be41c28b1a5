using Firebreak.Regression;
using Firebreak.Releases;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders releases, their diffs, activation results and history, and the regression gate table.</summary>
internal static class ReleaseRenderer
{
    public static void RenderCreated(IAnsiConsole console, Release release, bool existed)
    {
        console.MarkupLine(existed
            ? $"Release [bold]{Release.Abbreviate(release.Id)}[/] already exists (same content): {Markup.Escape(release.Id)}"
            : $"Created release [bold]{Release.Abbreviate(release.Id)}[/]: {Markup.Escape(release.Id)}");
    }

    public static void RenderList(IAnsiConsole console, IReadOnlyList<Release> releases, AgentReleaseState state)
    {
        if (releases.Count == 0)
        {
            console.MarkupLine($"[grey]Agent {Markup.Escape(state.AgentId)} has no releases.[/]");
            return;
        }

        var table = new Table().AddColumns("Release", "Role", "Model", "Author", "Created", "Notes");
        foreach (var release in releases)
        {
            table.AddRow(
                Release.Abbreviate(release.Id),
                Role(release.Id, state),
                Markup.Escape($"{release.Model.Provider}/{release.Model.Id}"),
                Markup.Escape(release.Author),
                Display.Time(release.CreatedAt),
                Markup.Escape(Display.Truncate(release.Notes ?? string.Empty, 60)));
        }

        console.Write(table);
    }

    public static void RenderRelease(IAnsiConsole console, Release release)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Release[/]", Markup.Escape(release.Id));
        grid.AddRow("[bold]Agent[/]", Markup.Escape(release.AgentId));
        grid.AddRow("[bold]Model[/]", Markup.Escape($"{release.Model.Provider}/{release.Model.Id}"));
        grid.AddRow("[bold]Parameters[/]", Markup.Escape(release.Model.Parameters?.GetRawText() ?? "-"));
        grid.AddRow("[bold]Author[/]", Markup.Escape(release.Author));
        grid.AddRow("[bold]Created[/]", Display.Time(release.CreatedAt));
        grid.AddRow("[bold]Parent[/]", release.Parent is { } parent ? Release.Abbreviate(parent) : "-");
        grid.AddRow("[bold]Notes[/]", Markup.Escape(release.Notes ?? "-"));
        grid.AddRow("[bold]Tools[/]", Markup.Escape(release.Tools?.GetRawText() ?? "-"));
        grid.AddRow("[bold]Policy[/]", Markup.Escape(release.Policy?.GetRawText() ?? "-"));
        grid.AddRow("[bold]Config[/]", Markup.Escape(release.Config?.GetRawText() ?? "-"));
        console.Write(grid);
        foreach (var (name, text) in release.Prompts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            console.MarkupLine($"[bold]Prompt {Markup.Escape(name)}[/]");
            console.WriteLine(text);
        }
    }

    public static void RenderDiff(IAnsiConsole console, string from, string to, IReadOnlyList<ReleaseDiffEntry> entries)
    {
        console.MarkupLine($"[bold]--- {Release.Abbreviate(from)}[/]");
        console.MarkupLine($"[bold]+++ {Release.Abbreviate(to)}[/]");
        if (entries.Count == 0)
        {
            console.MarkupLine("[grey]No differences.[/]");
            return;
        }

        foreach (var entry in entries)
        {
            console.MarkupLine($"[bold]@@ {Markup.Escape(entry.Path)}[/]");
            if (entry.Lines.Count > 0)
            {
                foreach (var line in entry.Lines)
                {
                    var colour = line[0] switch { '+' => "green", '-' => "red", _ => "grey" };
                    console.MarkupLine($"[{colour}]{Markup.Escape(line)}[/]");
                }
            }
            else
            {
                if (entry.Before is { } before)
                {
                    console.MarkupLine($"[red]- {Markup.Escape(before)}[/]");
                }

                if (entry.After is { } after)
                {
                    console.MarkupLine($"[green]+ {Markup.Escape(after)}[/]");
                }
            }
        }
    }

    public static void RenderActivation(IAnsiConsole console, ActivationResult result)
    {
        var activation = result.Activation;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Agent[/]", Markup.Escape(activation.AgentId));
        grid.AddRow("[bold]Change[/]", Display.Name(activation.Kind));
        grid.AddRow("[bold]From[/]", activation.FromReleaseId is { } from ? Release.Abbreviate(from) : "-");
        grid.AddRow("[bold]To[/]", Release.Abbreviate(activation.ToReleaseId));
        grid.AddRow("[bold]Active[/]", result.State.ActiveReleaseId is { } active ? Release.Abbreviate(active) : "-");
        grid.AddRow("[bold]Last known good[/]", result.State.LastKnownGoodReleaseId is { } good ? Release.Abbreviate(good) : "-");
        grid.AddRow("[bold]Actor[/]", Markup.Escape(activation.Actor));
        grid.AddRow("[bold]Reason[/]", Markup.Escape(activation.Reason));
        grid.AddRow("[bold]Incident[/]", Markup.Escape(activation.IncidentId ?? "-"));
        if (activation.GateOverride is { } overridden)
        {
            grid.AddRow("[bold red]Gate overridden[/]", Markup.Escape(overridden));
        }

        console.Write(grid);
        ControlRenderer.RenderConfirmations(console, result.Confirmations, activation.Epoch, result.Confirmed, result.Unconfirmed);
    }

    public static void RenderState(IAnsiConsole console, AgentReleaseState state, IReadOnlyList<ReleaseActivation> history)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Agent[/]", Markup.Escape(state.AgentId));
        grid.AddRow("[bold]Active[/]", state.ActiveReleaseId is { } active ? Release.Abbreviate(active) : "[grey]none[/]");
        grid.AddRow("[bold]Last known good[/]", state.LastKnownGoodReleaseId is { } good ? Release.Abbreviate(good) : "[grey]none[/]");
        grid.AddRow("[bold]Candidate[/]", state.CandidateReleaseId is { } candidate ? $"{Release.Abbreviate(candidate)} at {state.CandidatePercent} %" : "[grey]none[/]");
        grid.AddRow("[bold]Frozen[/]", state.Frozen ? "[red]yes[/]" : "no");
        console.Write(grid);
        if (history.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("When", "Change", "From", "To", "Actor", "Reason", "Epoch", "Incident");
        foreach (var entry in history)
        {
            var kind = Display.Name(entry.Kind) + (entry.CandidatePercent is { } percent ? $" {percent} %" : string.Empty) + (entry.GateOverride is null ? string.Empty : " (gate overridden)");
            table.AddRow(
                Display.Time(entry.At),
                Markup.Escape(kind),
                entry.FromReleaseId is { } from ? Release.Abbreviate(from) : "-",
                Release.Abbreviate(entry.ToReleaseId),
                Markup.Escape(entry.Actor),
                Markup.Escape(Display.Truncate(entry.Reason, 60)),
                entry.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(entry.IncidentId ?? "-"));
        }

        console.Write(table);
    }

    public static void RenderGate(IAnsiConsole console, GateReport gate)
    {
        if (gate.Cases.Count == 0)
        {
            console.MarkupLine($"Agent {Markup.Escape(gate.AgentId)} has no regression cases: nothing gates release {Release.Abbreviate(gate.ReleaseId)}.");
            return;
        }

        var table = new Table().AddColumns("Case", "Name", "From run", "Assertions", "Result", "Ran", "Failures");
        foreach (var row in gate.Cases)
        {
            var result = row.Status switch
            {
                GateCaseStatus.Passed => "[green]pass[/]",
                GateCaseStatus.Failed => "[red]FAIL[/]",
                _ => "[yellow]not replayed[/]",
            };
            table.AddRow(
                Markup.Escape(row.CaseId),
                Markup.Escape(row.Name),
                Markup.Escape(row.SourceRunId),
                Markup.Escape(string.Join("; ", row.Assertions)),
                result,
                Display.Time(row.RanAt),
                Markup.Escape(string.Join("; ", row.Failures)));
        }

        console.Write(table);
        var passed = gate.Cases.Count(c => c.Status == GateCaseStatus.Passed);
        console.MarkupLine(gate.Open
            ? $"[green]{passed} of {gate.Cases.Count} case(s) pass on release {Release.Abbreviate(gate.ReleaseId)}: the gate is open.[/]"
            : $"[red]{passed} of {gate.Cases.Count} case(s) pass on release {Release.Abbreviate(gate.ReleaseId)}: promotion is refused.[/]");
    }

    private static string Role(string releaseId, AgentReleaseState state) =>
        string.Equals(releaseId, state.ActiveReleaseId, StringComparison.Ordinal) ? "[green]active[/]"
        : string.Equals(releaseId, state.CandidateReleaseId, StringComparison.Ordinal) ? $"[yellow]candidate {state.CandidatePercent} %[/]"
        : string.Equals(releaseId, state.LastKnownGoodReleaseId, StringComparison.Ordinal) ? "last known good"
        : string.Empty;
}
