using Firebreak.Auth;
using Spectre.Console;

namespace Firebreak.Cli.Rendering;

/// <summary>Renders API keys.</summary>
internal static class KeyRenderer
{
    public static void RenderCreated(IAnsiConsole console, CreatedApiKey key)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Id[/]", Markup.Escape(key.Id));
        grid.AddRow("[bold]Name[/]", Markup.Escape(key.Name));
        grid.AddRow("[bold]Role[/]", Display.Name(key.Role));
        if (Agents(key.AgentId, key.AgentIds) is { } agents)
        {
            grid.AddRow(key.AgentIds is null ? "[bold]Agent[/]" : "[bold]Agents[/]", Markup.Escape(agents));
        }

        grid.AddRow("[bold]Key[/]", Markup.Escape(key.Key));
        console.Write(grid);
        console.MarkupLine("[yellow]Store the key now: it is not shown again.[/]");
    }

    public static void RenderList(IAnsiConsole console, IReadOnlyList<ApiKeyInfo> keys)
    {
        if (keys.Count == 0)
        {
            console.MarkupLine("[grey]No API keys.[/]");
            return;
        }

        var table = new Table().AddColumns("Id", "Name", "Role", "Agent", "Created (UTC)", "Revoked (UTC)");
        foreach (var key in keys)
        {
            table.AddRow(
                Markup.Escape(key.Id),
                Markup.Escape(key.Name),
                Display.Name(key.Role),
                Markup.Escape(Agents(key.AgentId, key.AgentIds) ?? "-"),
                Display.Time(key.CreatedAt),
                key.RevokedAt is { } revoked ? $"[red]{Display.Time(revoked)}[/]" : "-");
        }

        console.Write(table);
    }

    public static void RenderRevoked(IAnsiConsole console, string keyId) =>
        console.MarkupLine($"Key [bold]{Markup.Escape(keyId)}[/] revoked.");

    private static string? Agents(string? agentId, IReadOnlyList<string>? agentIds) =>
        agentIds is null ? agentId : string.Join(", ", agentIds);
}
