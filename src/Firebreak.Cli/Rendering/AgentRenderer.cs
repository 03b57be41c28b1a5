using System.Globalization;
using Firebreak.Registry;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders agents and their tool catalogs.</summary>
internal static class AgentRenderer
{
    public static void RenderList(IAnsiConsole console, IReadOnlyList<AgentDefinition> agents)
    {
        if (agents.Count == 0)
        {
            console.MarkupLine("[grey]No agents registered.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Owner", "Tools", "Description");
        foreach (var agent in agents)
        {
            table.AddRow(
                Markup.Escape(agent.Id),
                Markup.Escape(agent.Owner),
                agent.Tools.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(agent.Description ?? string.Empty));
        }

        console.Write(table);
    }

    public static void RenderAgent(IAnsiConsole console, AgentDefinition agent)
    {
        var header = new Grid().AddColumn().AddColumn();
        header.AddRow("[bold]Agent[/]", Markup.Escape(agent.Id));
        header.AddRow("[bold]Owner[/]", Markup.Escape(agent.Owner));
        if (agent.Description is { Length: > 0 } description)
        {
            header.AddRow("[bold]Description[/]", Markup.Escape(description));
        }

        console.Write(header);
        if (agent.Tools.Count == 0)
        {
            console.MarkupLine("[grey]No tools declared.[/]");
            return;
        }

        var tools = new Table().AddColumns("Tool", "Risk", "Fail mode", "Description");
        foreach (var tool in agent.Tools)
        {
            var failMode = Display.Name(tool.EffectiveFailMode);
            tools.AddRow(
                Markup.Escape(tool.Name),
                Display.Name(tool.Risk),
                tool.FailMode is null ? $"{failMode} [grey](default)[/]" : failMode,
                Markup.Escape(tool.Description ?? string.Empty));
        }

        console.Write(tools);
    }

    /// <summary>
    /// The agent's MCP upstreams and the tools they offered through the gateway when last listed; unregistered ones are decided
    /// with the agent's default risk class.
    /// </summary>
    public static void RenderMcpTools(IAnsiConsole console, McpToolsListing listing)
    {
        console.MarkupLine("[bold]MCP upstreams[/]");
        var upstreams = new Table().AddColumns("Upstream", "State");
        foreach (var upstream in listing.Upstreams)
        {
            upstreams.AddRow(Markup.Escape(upstream.Name), upstream.State == McpUpstreamState.Running ? Display.Name(upstream.State) : $"[yellow]{Display.Name(upstream.State)}[/]");
        }

        console.Write(upstreams);
        var tools = listing.Tools;
        if (tools.Count == 0)
        {
            console.MarkupLine(listing.Upstreams.All(u => u.State == McpUpstreamState.Running)
                ? "[grey]The upstreams offer no tools.[/]"
                : "[grey]No tools known yet: the upstreams start with the agent's first MCP session, not when read.[/]");
            return;
        }

        console.MarkupLine("[bold]MCP upstream tools[/]");

        var table = new Table().AddColumns("Tool", "Upstream", "Risk", "Registered");
        foreach (var tool in tools)
        {
            table.AddRow(
                Markup.Escape(tool.Name),
                Markup.Escape(tool.Upstream),
                tool.Registered ? Display.Name(tool.Risk) : $"{Display.Name(tool.Risk)} [grey](default)[/]",
                tool.Registered ? "yes" : "[yellow]no[/]");
        }

        console.Write(table);
        var unregistered = tools.Count(t => !t.Registered);
        if (unregistered > 0)
        {
            console.MarkupLine($"[yellow]{unregistered.ToString(CultureInfo.InvariantCulture)} upstream tool(s) are not in the registry[/] and are decided with the agent's default risk class.");
        }
    }
}
