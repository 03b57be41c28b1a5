using Firebreak.Registry;
using ModelContextProtocol.Client;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>The real npm MCP servers the tests put behind the gateway.</summary>
internal static class Upstreams
{
    public static string MemoryScript => McpServerPackages.Script("@modelcontextprotocol/server-memory", "dist/index.js");

    public static string EverythingScript => McpServerPackages.Script("@modelcontextprotocol/server-everything", "dist/index.js");

    /// <summary>mcp-servers/context-server.mjs: resources and prompts an attacker controls, and a read of any URI answered; it needs the npm SDK installed.</summary>
    public static string ContextScript
    {
        get
        {
            McpServerPackages.Script("@modelcontextprotocol/sdk", "package.json");
            return Path.Combine(McpServerPackages.Directory, "context-server.mjs");
        }
    }

    /// <summary>The context server over stdio, appending each URI it is asked to read to <paramref name="readLog"/>.</summary>
    public static McpUpstreamDefinition Context(string readLog) =>
        new("context", "node", [ContextScript], new Dictionary<string, string> { ["CONTEXT_READ_LOG"] = readLog });

    /// <summary>A second context server process, connected directly (not through the gateway), to see what the upstream would answer.</summary>
    public static Task<McpClient> ConnectContextDirectlyAsync(CancellationToken cancellationToken) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions { Command = "node", Arguments = [ContextScript] }), cancellationToken: cancellationToken);

    /// <summary><c>env-server.mjs</c>: a stdio server on <c>@modelcontextprotocol/sdk</c> whose tools report its environment.</summary>
    public static string EnvServerScript
    {
        get
        {
            McpServerPackages.Script("@modelcontextprotocol/sdk", "package.json");
            return Path.Combine(McpServerPackages.Directory, "env-server.mjs");
        }
    }

    /// <summary><c>@modelcontextprotocol/server-memory</c> over stdio, keeping its knowledge graph in <paramref name="memoryFile"/>.</summary>
    public static McpUpstreamDefinition Memory(string memoryFile) =>
        new("memory", "node", [MemoryScript], new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = memoryFile });

    /// <summary><c>@modelcontextprotocol/server-everything</c> over stdio.</summary>
    public static McpUpstreamDefinition Everything() => new("everything", "node", [EverythingScript, "stdio"]);

    /// <summary>A second server-memory process on the same file, connected directly (not through the gateway), to see what the upstream holds.</summary>
    public static Task<McpClient> ConnectMemoryDirectlyAsync(string memoryFile, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions
            {
                Command = "node",
                Arguments = [MemoryScript],
                EnvironmentVariables = new Dictionary<string, string?> { ["MEMORY_FILE_PATH"] = memoryFile },
            }),
            cancellationToken: cancellationToken);
}
