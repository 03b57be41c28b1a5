using System.CommandLine;
using Firebreak.Cli.Rendering;
using Firebreak.Control;

namespace Firebreak.Cli.Commands;

/// <summary>
/// <c>firebreak strict --agent support --reason "..." [--off]</c>: puts one agent at the strict policy level (its
/// guardrails block what they would only flag, its detectors fire at lowered thresholds) or back to normal with
/// <c>--off</c>, recorded as a control change and confirmed by the agent's enforcement points like any other.
/// </summary>
internal static class StrictCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "The agent.", HelpName = "agent-id", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why; recorded with the change.", Required = true };
        var off = new Option<bool>("--off") { Description = "Return the agent to the normal policy level." };
        var incident = new Option<string>("--incident") { Description = "The incident this change contains.", HelpName = "incident-id" };
        var wait = new Option<int?>("--wait") { Description = "How long the server waits for confirmations (0 = do not wait; default 2000).", HelpName = "ms" };
        var command = new Command("strict", "Apply the strict policy level to an agent: guardrail flags become blocks, detector thresholds drop.")
        {
            agent, reason, off, incident, wait,
        };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var request = new ControlChangeRequest(
                    ControlTarget.Agent,
                    parseResult.GetRequiredValue(reason),
                    AgentId: parseResult.GetRequiredValue(agent),
                    IncidentId: parseResult.GetValue(incident),
                    Strict: !parseResult.GetValue(off));
                var waitMs = parseResult.GetValue(wait);
                var result = await client.ChangeControlAsync(request, waitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ct);
                ControlRenderer.RenderChange(context.Console, result);
                return result.Unconfirmed == 0 ? ExitCodes.Success : ExitCodes.Finding;
            },
            cancellationToken));
        return command;
    }
}
