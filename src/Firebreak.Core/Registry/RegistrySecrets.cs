using Firebreak.Validation;

namespace Firebreak.Registry;

/// <summary>
/// The secrets an agent definition holds: the <c>env</c> values of its stdio MCP upstreams (tokens, passwords). They are
/// write-only: the API answers with <see cref="Redacted"/> in their place, control-stream snapshots leave them out, and a
/// definition sent back with the marker keeps the value stored, so a read-modify-write round trip does not wipe them.
/// </summary>
internal static class RegistrySecrets
{
    /// <summary>What the API shows instead of a secret value; sent back in a PUT, it means "keep the stored value".</summary>
    public const string Redacted = "***";

    /// <summary><paramref name="agent"/> with every secret value replaced by <see cref="Redacted"/>; the keys stay, so readers see which are set.</summary>
    public static AgentDefinition Redact(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return MapUpstreams(agent, u => u.Env is null ? u : u with { Env = u.Env.ToDictionary(e => e.Key, _ => Redacted, StringComparer.Ordinal) });
    }

    /// <summary><paramref name="agent"/> without its secrets, keys included: what enforcement points receive, which never need them.</summary>
    public static AgentDefinition WithoutSecrets(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return MapUpstreams(agent, u => u.Env is null ? u : u with { Env = null });
    }

    /// <summary>
    /// <paramref name="incoming"/> with each <see cref="Redacted"/> value replaced by the value <paramref name="stored"/> holds for the
    /// same key of the same upstream. The stored value is kept only while that upstream still runs the same command with the same
    /// arguments: a secret is never handed to a program it was not given to. A marker with nothing to keep is an error in
    /// <paramref name="errors"/> (field <c>mcp.upstreams[i].env.KEY</c>), never stored as a value.
    /// </summary>
    public static AgentDefinition KeepStored(AgentDefinition incoming, AgentDefinition? stored, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(errors);
        if (incoming.Mcp is not { } mcp)
        {
            return incoming;
        }

        var upstreams = new List<McpUpstreamDefinition>(mcp.Upstreams.Count);
        for (var i = 0; i < mcp.Upstreams.Count; i++)
        {
            var upstream = mcp.Upstreams[i];
            if (upstream.Env is not { } env || !env.Values.Contains(Redacted, StringComparer.Ordinal))
            {
                upstreams.Add(upstream);
                continue;
            }

            var previous = stored?.Mcp?.Upstreams.FirstOrDefault(u => string.Equals(u.Name, upstream.Name, StringComparison.Ordinal));
            var sameProgram = previous is not null && SameProgram(previous, upstream);
            var kept = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in env)
            {
                if (!string.Equals(value, Redacted, StringComparison.Ordinal))
                {
                    kept[key] = value;
                }
                else if (sameProgram && previous!.Env?.TryGetValue(key, out var secret) == true)
                {
                    kept[key] = secret;
                }
                else
                {
                    errors.Add(
                        $"mcp.upstreams[{i}].env.{key}",
                        sameProgram
                            ? $"is '{Redacted}' (keep the stored value) but no value is stored for it; send the value"
                            : $"is '{Redacted}' (keep the stored value) but the upstream's command or args changed; send the value again");
                }
            }

            upstreams.Add(upstream with { Env = kept });
        }

        return incoming with { Mcp = mcp with { Upstreams = upstreams } };
    }

    /// <summary>Whether two stdio upstreams start the same program the same way (command and arguments, in order).</summary>
    public static bool SameProgram(McpUpstreamDefinition a, McpUpstreamDefinition b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return string.Equals(a.Command, b.Command, StringComparison.Ordinal)
            && (a.Args ?? []).SequenceEqual(b.Args ?? [], StringComparer.Ordinal);
    }

    private static AgentDefinition MapUpstreams(AgentDefinition agent, Func<McpUpstreamDefinition, McpUpstreamDefinition> map) =>
        agent.Mcp is { } mcp && mcp.Upstreams.Any(u => u.Env is not null)
            ? agent with { Mcp = mcp with { Upstreams = [.. mcp.Upstreams.Select(map)] } }
            : agent;
}
