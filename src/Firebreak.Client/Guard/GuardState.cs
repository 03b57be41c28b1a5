using System.Collections.Frozen;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Registry;

namespace Firebreak.Client;

/// <summary>The snapshot and the agent's registry entry, swapped as one reference so a decision never mixes two epochs.</summary>
internal sealed class GuardState(ControlSnapshot snapshot, FrozenDictionary<string, ToolDefinition> tools, AgentFallback? fallback, GuardrailEvaluator guardrails)
{
    public static GuardState Empty { get; } = new(ControlSnapshot.Empty, FrozenDictionary<string, ToolDefinition>.Empty, null, GuardrailEvaluator.None);

    public ControlSnapshot Snapshot { get; } = snapshot;

    /// <summary>The agent's tools by name; a dictionary rather than <see cref="AgentDefinition.FindTool"/> so the hot path does not allocate.</summary>
    public FrozenDictionary<string, ToolDefinition> Tools { get; } = tools;

    /// <summary>The fallback the agent declares in the registry, if any.</summary>
    public AgentFallback? Fallback { get; } = fallback;

    /// <summary>The agent's guardrails, compiled from its registry entry.</summary>
    public GuardrailEvaluator Guardrails { get; } = guardrails;

    public static GuardState From(ControlSnapshotEvent snapshotEvent, string agentId)
    {
        var agent = snapshotEvent.Agents.FirstOrDefault(a => string.Equals(a.Id, agentId, StringComparison.Ordinal));
        var tools = agent is null
            ? FrozenDictionary<string, ToolDefinition>.Empty
            : agent.Tools.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        return new GuardState(snapshotEvent.Snapshot, tools, agent?.Fallback, GuardrailEvaluator.Compile(agent?.Guardrails));
    }
}
