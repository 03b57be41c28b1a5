using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Compensation;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak mitigations list|update</c>: the tasks for actions with no inverse.</summary>
internal static class MitigationsCommand
{
    public static Command Create(CliContext context)
    {
        var status = new Option<string>("--status") { Description = "open, in_progress, done or wont_do.", HelpName = "status" };
        status.AcceptOnlyFromAmong(Display.EnumNames<MitigationStatus>());
        var run = new Option<string>("--run") { Description = "Only tasks of this compensation run.", HelpName = "run-id" };
        var list = new Command("list", "List mitigation tasks, oldest first.") { status, run };
        list.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var tasks = await client.ListMitigationsAsync(Parse(parseResult.GetValue(status)), parseResult.GetValue(run), ct);
                var table = new Table().AddColumns("Task", "Status", "Owner", "Tool", "Entities", "What to do");
                foreach (var task in tasks)
                {
                    table.AddRow(
                        Markup.Escape(task.Id), Display.Name(task.Status), Markup.Escape(task.Owner), Markup.Escape(task.Tool),
                        Markup.Escape(string.Join(' ', task.Entities)), Markup.Escape(task.Task));
                }

                context.Console.Write(table);
                return ExitCodes.Success;
            },
            cancellationToken));

        var id = IdArgument.Create("task-id", "The mitigation task's id.");
        var newStatus = new Option<string>("--status") { Description = "open, in_progress, done or wont_do.", HelpName = "status" };
        newStatus.AcceptOnlyFromAmong(Display.EnumNames<MitigationStatus>());
        var owner = new Option<string>("--owner") { Description = "Hand the task to this owner.", HelpName = "owner" };
        var update = new Command("update", "Move a task on or hand it over.") { id, newStatus, owner };
        update.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var task = await client.UpdateMitigationAsync(
                    parseResult.GetRequiredValue(id), new MitigationUpdateRequest(Parse(parseResult.GetValue(newStatus)), parseResult.GetValue(owner)), ct);
                context.Console.MarkupLine($"{Markup.Escape(task.Id)}: {Display.Name(task.Status)}, owner {Markup.Escape(task.Owner)}");
                return ExitCodes.Success;
            },
            cancellationToken));

        return new Command("mitigations", "Track the tasks for actions that cannot be undone.") { list, update };
    }

    private static MitigationStatus? Parse(string? name) =>
        name is null ? null : Enum.Parse<MitigationStatus>(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
}
