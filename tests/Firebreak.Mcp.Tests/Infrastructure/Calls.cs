using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>Builds tool calls and reads their results.</summary>
internal static class Calls
{
    public static Dictionary<string, JsonElement> Args(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    public static Task<CallToolResult> CallAsync(this McpClient client, string tool, string argumentsJson, CancellationToken cancellationToken, JsonObject? meta = null) =>
        client.CallToolAsync(new CallToolRequestParams { Name = tool, Arguments = Args(argumentsJson), Meta = meta }, cancellationToken).AsTask();

    public static string Text(this CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    /// <summary>An entity for server-memory's <c>create_entities</c>.</summary>
    public static string Entity(string name) =>
        $$"""{"entities":[{"name":"{{name}}","entityType":"person","observations":["seen in a Firebreak test"]}]}""";

    /// <summary>The entity names server-memory holds, read with <c>read_graph</c>.</summary>
    public static async Task<IReadOnlyList<string>> EntityNamesAsync(this McpClient client, CancellationToken cancellationToken)
    {
        var result = await client.CallAsync("read_graph", "{}", cancellationToken);
        Assert.NotEqual(true, result.IsError);
        using var graph = JsonDocument.Parse(result.Text());
        return [.. graph.RootElement.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("name").GetString()!)];
    }
}
