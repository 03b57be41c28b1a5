using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Firebreak.Cli.Rendering;
using Firebreak.Releases;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak restore --agent support --release &lt;id&gt; --steps 10,25,50,100 --interval 5m</c>, and
/// <c>restore status|abort|resume</c>: bring a release back gradually, judged at every stage.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "The agent.", HelpName = "agent-id" };
        var release = new Option<string>("--release") { Description = "The release to restore (id or prefix).", HelpName = "release" };
        var steps = new Option<int[]>("--steps") { Description = "The candidate's share of new runs at each stage (default 10,25,50,100).", HelpName = "p1,p2,...", CustomParser = ParseSteps };
        var interval = DurationOption.Create("--interval", "How long each stage runs before it is judged (default 30m)");
        var reason = new Option<string>("--reason") { Description = "Why." };
        var incident = new Option<string>("--incident") { Description = "The incident; every decision lands on its timeline.", HelpName = "incident-id" };
        var overrideGate = new Option<string>("--override-gate") { Description = "Start although regression cases fail on the release; the reason lands on the timeline.", HelpName = "reason" };
        var command = new Command("restore", "Restore a release gradually: route a growing share of new runs to it, judge each stage, advance, pause or roll back automatically.")
        {
            agent, release, steps, interval, reason, incident, overrideGate,
            Status(context),
            Decide(context, "abort", "Send every new run back to the baseline release and end the restore.", abort: true),
            Decide(context, "resume", "Let a paused restore run again; its stage starts over.", abort: false),
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(agent) is null || result.GetResult(release) is null || result.GetResult(reason) is null)
            {
                result.AddError("restore needs --agent, --release and --reason");
            }
        });
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new RestoreRequest(
                    parseResult.GetRequiredValue(release),
                    parseResult.GetRequiredValue(reason),
                    parseResult.GetValue(steps),
                    parseResult.GetValue(interval),
                    IncidentId: parseResult.GetValue(incident),
                    OverrideGate: parseResult.GetValue(overrideGate));
                RestoreRenderer.Render(context.Console, await client.StartRestoreAsync(parseResult.GetRequiredValue(agent), request, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var agent = ReleaseCommand.AgentOption();
        var command = new Command("status", "Show the agent's latest gradual restore: stage, share and every decision.") { agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var restores = await client.ListRestoresAsync(parseResult.GetRequiredValue(agent), ct);
                if (restores.Count == 0)
                {
                    context.Console.MarkupLine("[grey]No gradual restores.[/]");
                    return ExitCodes.Success;
                }

                RestoreRenderer.Render(context.Console, restores[0]);
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Command Decide(CliContext context, string name, string description, bool abort)
    {
        var id = IdArgument.Create("restore-id", "The restore.");
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var command = new Command(name, description) { id, reason };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var restoreId = parseResult.GetRequiredValue(id);
                var why = parseResult.GetRequiredValue(reason);
                RestoreRenderer.Render(context.Console, abort ? await client.AbortRestoreAsync(restoreId, why, ct) : await client.ResumeRestoreAsync(restoreId, why, ct));
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static int[] ParseSteps(ArgumentResult result)
    {
        var text = string.Join(',', result.Tokens.Select(t => t.Value));
        var steps = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                result.AddError($"--steps '{text}' must be percentages separated by commas, such as 10,25,50,100");
                return [];
            }

            steps.Add(step);
        }

        return [.. steps];
    }
}
