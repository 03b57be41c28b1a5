using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Firebreak.Registry;

namespace Firebreak.Control;

/// <summary>
/// Where a control setting applies. Its canonical <see cref="Key"/> is <c>global</c>, <c>agent:&lt;agent id&gt;</c>
/// or <c>tool:&lt;agent id&gt;/&lt;tool name&gt;</c>; JSON writes the key as a string.
/// Agent ids are slugs and tool names never contain <c>/</c>, so every key parses back to exactly one scope.
/// </summary>
[JsonConverter(typeof(ControlScopeJsonConverter))]
public sealed record ControlScope
{
    public const string GlobalKey = "global";
    private const string AgentPrefix = "agent:";
    private const string ToolPrefix = "tool:";

    private ControlScope(ControlScopeKind kind, string? agentId, string? toolName, string key)
    {
        Kind = kind;
        AgentId = agentId;
        ToolName = toolName;
        Key = key;
    }

    /// <summary>The scope that reaches every agent.</summary>
    public static ControlScope Global { get; } = new(ControlScopeKind.Global, null, null, GlobalKey);

    public ControlScopeKind Kind { get; }

    /// <summary>The agent, for agent and tool scopes; <see langword="null"/> for the global scope.</summary>
    public string? AgentId { get; }

    /// <summary>The tool, for tool scopes only.</summary>
    public string? ToolName { get; }

    /// <summary>The canonical string form, such as <c>tool:support/issue_refund</c>.</summary>
    public string Key { get; }

    /// <exception cref="ArgumentException"><paramref name="agentId"/> is not a slug.</exception>
    public static ControlScope ForAgent(string agentId)
    {
        if (!AgentValidator.IsSlug(agentId))
        {
            throw new ArgumentException($"'{agentId}' is not an agent id (slug).", nameof(agentId));
        }

        return new ControlScope(ControlScopeKind.Agent, agentId, null, AgentPrefix + agentId);
    }

    /// <exception cref="ArgumentException"><paramref name="agentId"/> is not a slug or <paramref name="toolName"/> is not a tool name.</exception>
    public static ControlScope ForTool(string agentId, string toolName)
    {
        if (!AgentValidator.IsSlug(agentId))
        {
            throw new ArgumentException($"'{agentId}' is not an agent id (slug).", nameof(agentId));
        }

        if (!AgentValidator.IsToolName(toolName))
        {
            throw new ArgumentException($"'{toolName}' is not a tool name.", nameof(toolName));
        }

        return new ControlScope(ControlScopeKind.Tool, agentId, toolName, $"{ToolPrefix}{agentId}/{toolName}");
    }

    public static bool TryParse([NotNullWhen(true)] string? key, [NotNullWhen(true)] out ControlScope? scope)
    {
        scope = null;
        if (key is null)
        {
            return false;
        }

        if (key == GlobalKey)
        {
            scope = Global;
            return true;
        }

        if (key.StartsWith(AgentPrefix, StringComparison.Ordinal))
        {
            var agentId = key[AgentPrefix.Length..];
            if (AgentValidator.IsSlug(agentId))
            {
                scope = new ControlScope(ControlScopeKind.Agent, agentId, null, key);
            }

            return scope is not null;
        }

        if (key.StartsWith(ToolPrefix, StringComparison.Ordinal))
        {
            var rest = key[ToolPrefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                return false;
            }

            var agentId = rest[..slash];
            var toolName = rest[(slash + 1)..];
            if (AgentValidator.IsSlug(agentId) && AgentValidator.IsToolName(toolName))
            {
                scope = new ControlScope(ControlScopeKind.Tool, agentId, toolName, key);
            }

            return scope is not null;
        }

        return false;
    }

    /// <exception cref="FormatException"><paramref name="key"/> is not a scope key.</exception>
    public static ControlScope Parse(string key) =>
        TryParse(key, out var scope)
            ? scope
            : throw new FormatException($"'{key}' is not a control scope: expected 'global', 'agent:<agent id>' or 'tool:<agent id>/<tool name>'.");

    public override string ToString() => Key;
}
