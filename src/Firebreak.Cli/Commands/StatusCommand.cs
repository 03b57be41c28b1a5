using System.CommandLine;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak status [--agent]</c>: what containment is in force and whether enforcement points hold it.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var agent = new Option<string>("--agent") { Description = "Only this agent.", HelpName = "agent-id" };
        var command = new Command("status", "Show the control mode in force per agent and tool, frozen agents and enforcement points.") { agent };
        command.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agentId = parseResult.GetValue(agent);
                var snapshot = await client.GetControlSnapshotAsync(agentId, ct);
                var agents = agentId is null ? await client.ListAgentsAsync(ct) : [await client.GetAgentAsync(agentId, ct)];
                var points = await client.ListEnforcementPointsAsync(ct);
                ControlRenderer.RenderStatus(
                    context.Console,
                    snapshot,
                    agents,
                    agentId is null ? points : [.. points.Where(p => p.AgentId is null || p.AgentId == agentId)],
                    TimeProvider.System.GetUtcNow());
                return ExitCodes.Success;
            },
            cancellationToken));
        return command;
    }
}
