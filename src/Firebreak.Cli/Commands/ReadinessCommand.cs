using System.CommandLine;
using Firebreak.Cli.Readiness;
using Firebreak.Cli.Rendering;
using Firebreak.Readiness;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak readiness [--agent support]</c>: each agent against the readiness checklist; exits 1 when an item fails.</summary>
internal static class ReadinessCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "Check only this agent (default: every registered agent).", HelpName = "agent-id" };
        var command = new Command(
            "readiness",
            "Check agents against the readiness checklist: kill switch reachable, release pinned, compensation for every non-read tool, trace retention, " +
            "a regression gate, a playbook per failure class, kill switch and rollback drilled in the last 30 days.")
        {
            agent,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var facts = await new ReadinessProbe(client).GatherAsync(parseResult.GetValue(agent), ct);
                var now = TimeProvider.System.GetUtcNow();
                var reports = facts.Select(f => ReadinessChecklist.Evaluate(f, now)).ToList();
                ReadinessRenderer.Render(context.Console, reports);
                return reports.All(r => r.Ready) ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }
}
