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
        var scenario = new Argument<string>("scenario") { Description = $"The drill: {string.Join(", ", GameDayScenarios.All.Select(s => s.Name))}." };
        scenario.AcceptOnlyFromAmong([.. GameDayScenarios.All.Select(s => s.Name)]);
        var agent = new Option<string>("--agent") { Description = "The agent to drill.", Required = true, HelpName = "agent-id" };
        var queue = new Option<int>("--queue") { Description = "Tickets to queue on the backend before the injection (default 300; 0 for the kill-switch drill).", DefaultValueFactory = _ => 300 };
        var warmup = new Option<int>("--warmup") { Description = "Runs the agent must end on the good release before the injection (default 5).", DefaultValueFactory = _ => 5 };
        var deadline = DurationOption.Create("--deadline", "How long to wait for containment after the injection; default 60s");
        var backend = new Option<string>("--backend") { Description = $"The SupportDesk backend's URL (default {DefaultBackend}).", DefaultValueFactory = _ => DefaultBackend, HelpName = "url" };
        var releases = new Option<string>("--releases")
        {
            Description = "The folder with the sample's release files (default samples/SupportDesk/releases).",
            DefaultValueFactory = _ => Path.Combine("samples", "SupportDesk", "releases"),
            HelpName = "dir",
        };
        var reportDir = new Option<string>("--report-dir") { Description = "Where to write gameday-<scenario>.md and .json (default: the current folder).", DefaultValueFactory = _ => ".", HelpName = "dir" };
        var command = new Command("gameday", "Run a drill: inject a failure (or time the kill switch or the rollback), measure detection and containment, restore the agent, write and record the report.")
        {
            scenario, agent, queue, warmup, deadline, backend, releases, reportDir,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var drill = GameDayScenarios.Find(parseResult.GetRequiredValue(scenario))!;
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
                using var http = new HttpClient { BaseAddress = settings.Backend, Timeout = TimeSpan.FromSeconds(30) };
                GameDayReport report;
                try
                {
                    report = await new GameDayRunner(client, new DeskQueue(http), context.Console, settings, TimeProvider.System).RunAsync(drill, ct);
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
                var markdown = Path.Combine(settings.ReportDirectory, $"gameday-{drill.Name}.md");
                var json = Path.Combine(settings.ReportDirectory, $"gameday-{drill.Name}.json");
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
}
