using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Releases;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak rollback --agent support [--to &lt;release&gt;]</c>: back to the last-known-good release, confirmed by the enforcement points.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliContext context)
    {
        var agent = ReleaseCommand.AgentOption();
        var to = new Option<string>("--to") { Description = "The release to go back to; the last-known-good one when omitted.", HelpName = "release" };
        var reason = new Option<string>("--reason") { Description = "Why.", Required = true };
        var incident = new Option<string>("--incident") { Description = "The incident the rollback belongs to; it lands on its timeline.", HelpName = "incident-id" };
        var wait = ReleaseCommand.WaitOption();
        var command = new Command("rollback", "Switch the agent back to its last-known-good (or a named) release without a redeploy; reports which enforcement points confirmed.")
        {
            agent, to, reason, incident, wait,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new RollbackRequest(parseResult.GetRequiredValue(reason), parseResult.GetValue(to), parseResult.GetValue(incident));
                var result = await client.RollbackReleaseAsync(parseResult.GetRequiredValue(agent), request, ReleaseCommand.Wait(parseResult.GetValue(wait)), ct);
                ReleaseRenderer.RenderActivation(context.Console, result);
                return result.Unconfirmed == 0 ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }
}
