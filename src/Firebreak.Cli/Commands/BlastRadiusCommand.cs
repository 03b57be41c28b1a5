using System.CommandLine;
using System.Globalization;
using Firebreak.Cli.Rendering;
using Firebreak.Compensation;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak blast-radius</c>: what a selection of actions touched, with an optional CSV or JSON export.</summary>
internal static class BlastRadiusCommand
{
    public static Command Create(CliContext context)
    {
        var selection = new SelectionOptions();
        var limit = new Option<int?>("--limit") { Description = $"List at most this many actions (default {BlastRadiusRequest.DefaultLimit}, 0 for the summary only).", HelpName = "n" };
        limit.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && int.TryParse(text, CultureInfo.InvariantCulture, out var value) && value is < 0 or > BlastRadiusRequest.MaxLimit)
            {
                result.AddError($"--limit must be between 0 and {BlastRadiusRequest.MaxLimit}");
            }
        });
        var after = new Option<long?>("--after") { Description = "List actions after this ledger sequence number (the 'next' of the previous page).", HelpName = "seq" };
        var export = new Option<string>("--export") { Description = "Write every selected action to --output as csv or json instead.", HelpName = "format" };
        export.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo>("--output") { Description = "The export file; required with --export.", HelpName = "path" };

        var command = new Command("blast-radius", "What a selection of actions touched: actions, runs, entities per type, money per currency.");
        selection.AddTo(command);
        command.Options.Add(limit);
        command.Options.Add(after);
        command.Options.Add(export);
        command.Options.Add(output);
        command.Validators.Add(result =>
        {
            if (result.GetValue(export) is not null && result.GetValue(output) is null)
            {
                result.AddError("--export needs --output <path>");
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var selected = selection.Read(parseResult);
                if (parseResult.GetValue(export) is { } format)
                {
                    var file = parseResult.GetRequiredValue(output);
                    await using (var stream = file.Create())
                    {
                        await client.ExportBlastRadiusAsync(selected, format, stream, ct);
                    }

                    context.Console.MarkupLine($"Wrote {Markup.Escape(file.FullName)}");
                    return ExitCodes.Success;
                }

                var pageSize = parseResult.GetValue(limit) ?? BlastRadiusRequest.DefaultLimit;
                var report = await client.GetBlastRadiusAsync(new BlastRadiusRequest(selected, parseResult.GetValue(after), Math.Max(1, pageSize)), ct);
                BlastRadiusRenderer.Render(context.Console, report, pageSize > 0);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
