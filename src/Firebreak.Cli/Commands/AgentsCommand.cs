using System.CommandLine;
using Firebreak.Cli.Rendering;

namespace Firebreak.Cli.Commands;

/// <summary><c>firebreak agents list|show</c>.</summary>
internal static class AgentsCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List registered agents.");
        list.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                AgentRenderer.RenderList(context.Console, await client.ListAgentsAsync(ct));
                return ExitCodes.Success;
            },
            cancellationToken));

        var id = IdArgument.Create("agent-id", "The agent's id.");
        var show = new Command("show", "Show an agent and its tool catalog.") { id };
        show.SetAction((parseResult, cancellationToken) => context.ExecuteAsync(
            parseResult,
            async (client, ct) =>
            {
                var agent = await client.GetAgentAsync(parseResult.GetRequiredValue(id), ct);
                AgentRenderer.RenderAgent(context.Console, agent);
                if (agent.Mcp is not null)
                {
                    AgentRenderer.RenderMcpTools(context.Console, await client.ListMcpToolsAsync(agent.Id, ct));
                }

                return ExitCodes.Success;
            },
            cancellationToken));

        return new Command("agents", "Inspect the agent registry.") { list, show };
    }
}
