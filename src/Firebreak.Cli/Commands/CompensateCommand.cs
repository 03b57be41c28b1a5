using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Client;
using Firebreak.Compensation;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak compensate plan|approve|cancel|execute|show</c>: undo what a blast radius selected, once. <c>execute</c> follows the run
/// with a progress bar and exits with <see cref="ExitCodes.Finding"/> when items failed or verification found mismatches.
/// </summary>
internal static class CompensateCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext context) => new("compensate", "Plan, approve and execute compensation runs over a blast radius.")
    {
        Plan(context),
        Approve(context),
        Cancel(context),
        Execute(context),
        Show(context),
    };

    private static Command Plan(CliContext context)
    {
        var selection = new SelectionOptions();
        var concurrency = new Option<int?>("--concurrency") { Description = $"Compensator calls in flight at once (default {CompensationPlanRequest.DefaultConcurrency}).", HelpName = "n" };
        var rate = new Option<int?>("--rate") { Description = $"Compensator calls started per second (default {CompensationPlanRequest.DefaultRatePerSecond}).", HelpName = "per-second" };
        var purge = new Option<bool>("--purge-memory") { Description = "Also purge the memory the selected agents wrote in the window, through their registry hook." };
        var quarantine = new Option<string[]>("--quarantine") { Description = "Also quarantine this knowledge source of the selected agents (repeatable).", HelpName = "source", AllowMultipleArgumentsPerToken = false };
        var command = new Command("plan", "Plan a run (a dry run): each action, its compensator or mitigation, actions other runs already hold, and memory hooks.");
        selection.AddTo(command);
        command.Options.Add(concurrency);
        command.Options.Add(rate);
        command.Options.Add(purge);
        command.Options.Add(quarantine);
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var detail = await client.PlanCompensationAsync(
                    new CompensationPlanRequest(
                        selection.Read(parseResult),
                        parseResult.GetValue(concurrency),
                        parseResult.GetValue(rate),
                        parseResult.GetValue(purge) ? true : null,
                        parseResult.GetValue(quarantine) is { Length: > 0 } sources ? sources : null),
                    ct);
                CompensationRenderer.RenderDetail(context.Console, detail);
                context.Console.MarkupLine($"Approve with: [bold]firebreak compensate approve {Markup.Escape(detail.Run.Id)}[/]");
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Approve(CliContext context)
    {
        var id = IdArgument.Create("run-id", "The compensation run's id.");
        var command = new Command("approve", "Approve a planned run (operators only).") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var run = await client.ApproveCompensationAsync(parseResult.GetRequiredValue(id), ct);
                CompensationRenderer.RenderRun(context.Console, run);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Cancel(CliContext context)
    {
        var id = IdArgument.Create("run-id", "The compensation run's id.");
        var command = new Command("cancel", "Cancel a planned run before approval, releasing its actions for another run (operators only).") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var run = await client.CancelCompensationAsync(parseResult.GetRequiredValue(id), ct);
                CompensationRenderer.RenderRun(context.Console, run);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Execute(CliContext context)
    {
        var id = IdArgument.Create("run-id", "The compensation run's id.");
        var detach = new Option<bool>("--no-wait") { Description = "Start the run and return without following it." };
        var command = new Command("execute", $"Execute an approved run and follow it; exit code {ExitCodes.Finding} when items failed or did not verify.") { id, detach };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var runId = parseResult.GetRequiredValue(id);
                var run = await client.ExecuteCompensationAsync(runId, ct);
                if (parseResult.GetValue(detach))
                {
                    CompensationRenderer.RenderRun(context.Console, run);
                    return ExitCodes.Success;
                }

                var detail = await FollowAsync(context.Console, client, runId, run.Progress.Total, ct);
                CompensationRenderer.RenderDetail(context.Console, detail);
                return ExitCodeFor(detail);
            },
            cancellationToken));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = IdArgument.Create("run-id", "The compensation run's id.");
        var command = new Command("show", "Show a run: its items, failed list and integrity report.") { id };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var detail = await client.GetCompensationAsync(parseResult.GetRequiredValue(id), ct);
                CompensationRenderer.RenderDetail(context.Console, detail);
                return detail.Run.Status == CompensationRunStatus.Completed ? ExitCodeFor(detail) : ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static async Task<CompensationRunDetail> FollowAsync(IAnsiConsole console, FirebreakClient client, string runId, int total, CancellationToken cancellationToken)
    {
        CompensationRunDetail? detail = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Compensating", maxValue: Math.Max(1, total));
                while (true)
                {
                    detail = await client.GetCompensationAsync(runId, cancellationToken);
                    var counts = detail.Run.Progress;
                    task.Value = counts.Finished;
                    task.Description = $"Compensating: {counts.Done} done, {counts.Failed} failed, {counts.Skipped} skipped";
                    if (detail.Run.Status == CompensationRunStatus.Completed)
                    {
                        task.Value = task.MaxValue;
                        return;
                    }

                    await Task.Delay(PollInterval, cancellationToken);
                }
            });
        return detail!;
    }

    private static int ExitCodeFor(CompensationRunDetail detail) =>
        detail.Failed.Count > 0 || detail.Integrity.Mismatches.Count > 0 ? ExitCodes.Finding : ExitCodes.Success;
}
