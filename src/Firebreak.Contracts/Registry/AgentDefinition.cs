using Firebreak.Detection;
using Firebreak.Guardrails;
using Firebreak.Playbooks;

namespace Firebreak.Registry;

/// <summary>A production agent and its tool catalog.</summary>
/// <param name="Id">A slug: lower-case letters, digits and single dashes, 2 to 64 characters.</param>
/// <param name="Owner">Who answers for the agent (team or person).</param>
/// <param name="Description">Free text for people.</param>
/// <param name="Tools">The catalog; names are unique.</param>
/// <param name="Memory">The hooks a compensation run calls to purge the agent's memory and quarantine its knowledge sources; <see langword="null"/> when it has none.</param>
/// <param name="Fallback">What the agent serves in <c>fallback</c> mode; <see langword="null"/> for a static response built from the control.</param>
/// <param name="Mcp">The upstream MCP servers the gateway serves this agent from; <see langword="null"/> when the agent does not use the gateway.</param>
/// <param name="Detectors">The detectors watching the agent's actions and steps; <see langword="null"/> for none.</param>
/// <param name="Guardrails">The guardrails its enforcement points apply after the control decision; <see langword="null"/> for none.</param>
/// <param name="Playbooks">Pre-approved responses to its alerts, in priority order: the first matching automatic one is applied.</param>
public sealed record AgentDefinition(
    string Id,
    string Owner,
    string? Description,
    IReadOnlyList<ToolDefinition> Tools,
    AgentMemoryHooks? Memory = null,
    AgentFallback? Fallback = null,
    McpGatewayDefinition? Mcp = null,
    IReadOnlyList<DetectorDefinition>? Detectors = null,
    GuardrailPolicy? Guardrails = null,
    IReadOnlyList<PlaybookDefinition>? Playbooks = null)
{
    public ToolDefinition? FindTool(string name) => Tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
