using System.CommandLine;
using System.Globalization;
using Firebreak.Cli.Rendering;
using Firebreak.Compensation;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak runs list|show|mark-toxic</c>.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "Only runs of this agent.", HelpName = "agent-id" };
        var limit = new Option<int?>("--limit") { Description = "At most this many runs (server default when omitted).", HelpName = "n" };
        limit.Validators.Add(result =>
        {
            // Reads the token: a value that is not a number is reported by the parser, and converting it here would throw.
            if (result.Tokens is [{ Value: var text }] && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value < 1)
            {
                result.AddError("--limit must be at least 1");
            }
        });
        var before = new Option<DateTimeOffset?>("--before")
        {
            Description = "Only runs started before this time (ISO 8601), to page back.",
            HelpName = "time",
        };

        var list = new Command("list", "List runs, newest first.") { agent, limit, before };
        list.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var runs = await client.ListRunsAsync(parseResult.GetValue(agent), parseResult.GetValue(limit), parseResult.GetValue(before), ct);
                RunRenderer.RenderList(context.Console, runs);
                return ExitCodes.Success;
            },
            cancellationToken));

        var id = IdArgument.Create("run-id", "The run's id.");
        var show = new Command("show", "Show one run.") { id };
        show.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                RunRenderer.RenderRun(context.Console, await client.GetRunAsync(parseResult.GetRequiredValue(id), ct));
                return ExitCodes.Success;
            },
            cancellationToken));

        return new Command("runs", "Inspect agent runs.") { list, show, MarkToxic(context) };
    }

    private static Command MarkToxic(CliContext context)
    {
        var selection = new SelectionOptions();
        var reason = new Option<string>("--reason") { Description = "Why the runs are toxic, shown on each run.", HelpName = "text", Required = true };
        var command = new Command("mark-toxic", "Mark the runs of a selection toxic: kept as evidence, flagged, refused as good regression examples (operators only).");
        selection.AddTo(command);
        command.Options.Add(reason);
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var marking = await client.MarkRunsToxicAsync(new MarkToxicRequest(selection.Read(parseResult), parseResult.GetRequiredValue(reason)), ct);
                RunRenderer.RenderToxicMarking(context.Console, marking);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
