using Firebreak.Registry;
using Firebreak.Validation;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Mcp;

/// <summary>
/// Which programs the gateway may start for stdio upstreams, and with which environment. A command runs when the registry
/// file declares that upstream for that agent exactly so (command, args and env), or when <see cref="McpOptions.AllowedCommands"/>
/// names it. Checked when an API edit stores an upstream and again when the gateway starts one, so a definition stored
/// before the allow-list changed, or by another node, does not start either. URL upstreams are reached through the
/// outbound guard (<see cref="Outbound.OutboundPolicy"/>), which checks their host on every connection.
/// </summary>
internal sealed class McpUpstreamPolicy(IOptions<McpOptions> options, IHttpClientFactory httpClients)
{
    /// <summary>The named HTTP client URL upstreams are reached with: no redirects, allowed hosts only.</summary>
    public const string HttpClientName = "Firebreak.McpUpstream";

    /// <summary>The variables a stdio upstream inherits from the server; everything else of the server's environment is removed.</summary>
    public static readonly IReadOnlySet<string> InheritedVariables = new HashSet<string>(["PATH", "HOME", "LANG", "TMPDIR"], StringComparer.Ordinal);

    private volatile Dictionary<string, IReadOnlyList<McpUpstreamDefinition>> _declared =
        new Dictionary<string, IReadOnlyList<McpUpstreamDefinition>>(StringComparer.Ordinal);

    /// <summary>Trusts the stdio upstreams of the registry file loaded at start.</summary>
    public void Declare(RegistryDocument file) =>
        _declared = file.Agents
            .Where(a => a.Mcp is not null)
            .ToDictionary(a => a.Id, a => a.Mcp!.Upstreams, StringComparer.Ordinal);

    /// <summary>Whether the gateway may start <paramref name="upstream"/> for <paramref name="agentId"/>; URL upstreams start nothing.</summary>
    public bool Permits(string agentId, McpUpstreamDefinition upstream) =>
        upstream.Command is not { } command
        || options.Value.AllowedCommands.Contains(command, StringComparer.Ordinal)
        || (_declared.TryGetValue(agentId, out var declared) && declared.Any(d => SameAs(d, upstream)));

    /// <summary>A client for a URL upstream's transport, through the outbound guard.</summary>
    public HttpClient CreateHttpClient() => httpClients.CreateClient(HttpClientName);

    /// <summary>Adds an error for each stdio upstream of <paramref name="agent"/> the gateway would not start.</summary>
    public void Check(AgentDefinition agent, ValidationErrors errors)
    {
        var upstreams = agent.Mcp?.Upstreams ?? [];
        for (var i = 0; i < upstreams.Count; i++)
        {
            if (!Permits(agent.Id, upstreams[i]))
            {
                errors.Add(
                    $"mcp.upstreams[{i}].command",
                    $"'{upstreams[i].Command}' may not be started: it is neither declared so by the registry file nor allowed by Firebreak:Mcp:AllowedCommands");
            }
        }
    }

    /// <summary>
    /// The environment for <paramref name="upstream"/>'s process, as the MCP SDK applies it on top of a copy of the server's
    /// own: every server variable outside <see cref="InheritedVariables"/> set to <see langword="null"/> (removed), then the
    /// upstream's declared variables.
    /// </summary>
    public static Dictionary<string, string?> EnvironmentFor(McpUpstreamDefinition upstream)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (!InheritedVariables.Contains(name))
            {
                environment[name] = null;
            }
        }

        foreach (var (name, value) in upstream.Env ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return environment;
    }

    // Env counts: NODE_OPTIONS or LD_PRELOAD added through the API would run other code under a trusted command.
    private static bool SameAs(McpUpstreamDefinition declared, McpUpstreamDefinition upstream) =>
        string.Equals(declared.Name, upstream.Name, StringComparison.Ordinal)
        && RegistrySecrets.SameProgram(declared, upstream)
        && (declared.Env ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal)
            .SequenceEqual((upstream.Env ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal));
}
