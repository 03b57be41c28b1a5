using System.CommandLine;
using System.Text.Json;
using Firebreak.Cli.GameDays;
using Firebreak.Cli.Rendering;
using Firebreak.GameDays;
using Firebreak.Serialization;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak gameday &lt;scenario&gt; --agent support [--queue 300]</c>: runs a drill against a live agent, writes its
/// report (Markdown and JSON), records it on the server, and exits 1 when the drill failed its bounds.
/// </summary>
internal static class GameDayCommand
{
    public const string DefaultBackend = "http://127.0.0.1:5081";

    private static readonly JsonSerializerOptions ReportJson = new(FirebreakJson.Options) { WriteIndented = true };

    public static Command Create(CliContext context)
    {
        var scenario = new Argument<string>("scenario")
        {
            Description = $"The drill: {string.Join(", ", OperatorDrills.All.Select(s => s.Name))} (built in) or a scenario of the drill file (refund-storm, tool-loop, prompt-injection in the sample's).",
        };
        var agent = new Option<string>("--agent") { Description = "The agent to drill.", Required = true, HelpName = "agent-id" };
        var queue = new Option<int>("--queue") { Description = "Work items to queue on the drill target before the injection (default 300; 0 for the kill-switch drill).", DefaultValueFactory = _ => 300 };
        var warmup = new Option<int>("--warmup") { Description = "Runs the agent must end on the baseline release before the injection (default 5).", DefaultValueFactory = _ => 5 };
        var deadline = DurationOption.Create("--deadline", "How long to wait for containment after the injection; default 60s");
        var backend = new Option<string>("--backend")
        {
            Description = $"The drill target's URL: the application the agent works from, implementing the drill target contract of docs/gamedays.md (default {DefaultBackend}).",
            DefaultValueFactory = _ => DefaultBackend,
            HelpName = "url",
        };
        var releases = new Option<string>("--releases")
        {
            Description = "The folder with the release files the drill file names (default samples/SupportDesk/releases).",
            DefaultValueFactory = _ => Path.Combine("samples", "SupportDesk", "releases"),
            HelpName = "dir",
        };
        var drills = new Option<string>("--drills")
        {
            Description = "The drill file listing the scenarios (default gamedays.yaml next to the --releases folder; not needed for kill-switch and rollback).",
            HelpName = "file",
        };
        var reportDir = new Option<string>("--report-dir") { Description = "Where to write gameday-<scenario>.md and .json (default: the current folder).", DefaultValueFactory = _ => ".", HelpName = "dir" };
        var command = new Command("gameday", "Run a drill: inject a failure (or time the kill switch or the rollback), measure detection and containment, restore the agent, write and record the report.")
        {
            scenario, agent, queue, warmup, deadline, backend, releases, drills, reportDir,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                Drill drill;
                try
                {
                    drill = FindDrill(parseResult.GetRequiredValue(scenario), parseResult.GetValue(drills), parseResult.GetRequiredValue(releases));
                }
                catch (InvalidDataException e)
                {
                    return context.Fail(ExitCodes.Usage, e.Message);
                }

                if (parseResult.GetValue(queue) < 0 || parseResult.GetValue(warmup) < 0)
                {
                    return context.Fail(ExitCodes.Usage, "--queue and --warmup must not be negative");
                }

                if (!Uri.TryCreate(parseResult.GetRequiredValue(backend), UriKind.Absolute, out var backendUrl))
                {
                    return context.Fail(ExitCodes.Usage, $"--backend '{parseResult.GetValue(backend)}' is not an absolute URL");
                }

                var settings = new GameDaySettings(
                    parseResult.GetRequiredValue(agent),
                    backendUrl,
                    parseResult.GetValue(queue),
                    parseResult.GetValue(warmup),
                    parseResult.GetValue(deadline) ?? TimeSpan.FromSeconds(60),
                    parseResult.GetRequiredValue(releases),
                    parseResult.GetRequiredValue(reportDir));
                using var http = new HttpClient { BaseAddress = settings.Target, Timeout = TimeSpan.FromSeconds(30) };
                GameDayReport report;
                try
                {
                    report = await new GameDayRunner(client, new DrillTarget(http), context.Console, settings, TimeProvider.System).RunAsync(drill, ct);
                }
                catch (GameDayException e)
                {
                    return context.Fail(ExitCodes.Unavailable, e.Message);
                }
                catch (InvalidDataException e)
                {
                    return context.Fail(ExitCodes.Usage, e.Message);
                }

                Directory.CreateDirectory(settings.ReportDirectory);
                var markdown = Path.Combine(settings.ReportDirectory, $"gameday-{drill.Scenario.Name}.md");
                var json = Path.Combine(settings.ReportDirectory, $"gameday-{drill.Scenario.Name}.json");
                await File.WriteAllTextAsync(markdown, GameDayReportMarkdown.Render(report), ct);
                await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, ReportJson) + "\n", ct);
                var record = await client.RecordGameDayAsync(report, ct);
                GameDayRenderer.Render(context.Console, report);
                context.Console.MarkupLine($"Report: {Markup.Escape(markdown)}, {Markup.Escape(json)}; recorded as {Markup.Escape(record.Id)}");
                return report.Verdict == GameDayVerdict.Passed ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }

    /// <summary>
    /// The built-in operator drill named <paramref name="name"/>, or the drill file's scenario of that name. The drill
    /// file is read whenever one is given or the default one exists, so a broken file is refused before any drill runs.
    /// </summary>
    /// <exception cref="InvalidDataException">No such scenario, or the drill file is missing or invalid; the message says which.</exception>
    private static Drill FindDrill(string name, string? drillsOption, string releases)
    {
        var path = drillsOption ?? DefaultDrillFile(releases);
        DrillFile? file = null;
        if (drillsOption is not null || File.Exists(path))
        {
            file = File.Exists(path)
                ? DrillFile.Read(path)
                : throw new InvalidDataException($"drill file {path} not found");
        }

        if (OperatorDrills.Find(name) is { } builtIn)
        {
            return new Drill(builtIn);
        }

        if (file?.Find(name) is { } drill)
        {
            return drill;
        }

        var known = string.Join(", ", OperatorDrills.All.Select(s => s.Name).Concat(file?.Drills.Select(d => d.Scenario.Name) ?? []));
        return file is null
            ? throw new InvalidDataException($"unknown scenario '{name}': the built-in drills are {known}, and no drill file was found at {path} (pass --drills)")
            : throw new InvalidDataException($"unknown scenario '{name}': choose one of {known} ({path})");
    }

    /// <summary>An application ships its drill file next to its releases folder: <c>samples/SupportDesk/gamedays.yaml</c>.</summary>
    private static string DefaultDrillFile(string releases) =>
        Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(releases))) ?? ".", "gamedays.yaml");
}
