using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Playbooks;
using Spectre.Console;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak playbook list|dry-run|apply|executions</c>: an agent's pre-approved responses, what one would do now,
/// applying it in one command, and what playbooks did.
/// </summary>
internal static class PlaybookCommand
{
    public static Command Create(CliContext context)
    {
        var listAgent = AgentOption();
        var list = new Command("list", "List an agent's playbooks in priority order.") { listAgent };
        list.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetRequiredValue(listAgent);
                PlaybookRenderer.RenderList(context.Console, agentId, await client.ListPlaybooksAsync(agentId, ct));
                return ExitCodes.Success;
            },
            cancellationToken));

        var executionsAgent = new Option<string>("--agent") { Description = "Only this agent's executions.", HelpName = "agent-id" };
        var executionsAlert = new Option<string>("--alert") { Description = "Only executions answering this alert.", HelpName = "alert-id" };
        var executions = new Command("executions", "List what playbooks did, newest first.") { executionsAgent, executionsAlert };
        executions.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var found = await client.ListPlaybookExecutionsAsync(parseResult.GetValue(executionsAgent), parseResult.GetValue(executionsAlert), cancellationToken: ct);
                var table = new Table().AddColumns("Execution", "Started", "Agent", "Playbook", "Alert", "Incident", "Applied by", "Steps");
                foreach (var execution in found)
                {
                    table.AddRow(
                        Markup.Escape(execution.Id),
                        Display.Time(execution.StartedAt),
                        Markup.Escape(execution.AgentId),
                        Markup.Escape(execution.Playbook),
                        Markup.Escape(execution.AlertId ?? "-"),
                        Markup.Escape(execution.IncidentId ?? "-"),
                        Markup.Escape(execution.TriggeredBy),
                        Markup.Escape(string.Join(", ", execution.Steps.GroupBy(s => s.Status).Select(g => $"{g.Count()} {Display.Name(g.Key)}"))));
                }

                context.Console.Write(table);
                return ExitCodes.Success;
            },
            cancellationToken));

        return new Command("playbook", "Pre-approved responses: list them, see what one would do, apply one.")
        {
            list,
            Apply(context, "dry-run", "Show what a playbook would do now, step by step; changes nothing.", dryRun: true),
            Apply(context, "apply", "Apply a playbook now: containment first, confirmed by the enforcement points.", dryRun: false),
            executions,
        };
    }

    private static Command Apply(CliContext context, string name, string description, bool dryRun)
    {
        var agent = AgentOption();
        var playbook = new Option<string>("--name") { Description = "The playbook.", HelpName = "playbook", Required = true };
        var alert = new Option<string>("--alert") { Description = "The alert it answers: its window bounds the blast radius, its incident is joined.", HelpName = "alert-id" };
        var incident = new Option<string>("--incident") { Description = "The incident to run under.", HelpName = "incident-id" };
        var command = new Command(name, description) { agent, playbook, alert, incident };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var execution = await client.ApplyPlaybookAsync(
                    new ApplyPlaybookRequest(
                        parseResult.GetRequiredValue(agent),
                        parseResult.GetRequiredValue(playbook),
                        parseResult.GetValue(alert),
                        parseResult.GetValue(incident),
                        dryRun),
                    ct);
                PlaybookRenderer.RenderExecution(context.Console, execution);
                var incomplete = execution.Steps.Any(s => s.Status is PlaybookStepStatus.Failed or PlaybookStepStatus.Skipped || s.Control is { Unconfirmed: > 0 });
                return incomplete ? ExitCodes.Finding : ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }

    private static Option<string> AgentOption() => new("--agent") { Description = "The agent.", HelpName = "agent-id", Required = true };
}
