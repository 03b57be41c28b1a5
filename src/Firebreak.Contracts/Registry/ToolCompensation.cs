namespace Firebreak.Registry;

/// <summary>
/// How a tool's effect is undone: an HTTP compensator, an in-process compensator the agent registers through the SDK,
/// or, for a tool with no inverse, a mitigation task. Exactly one is set.
/// </summary>
/// <param name="Http">The inverse call.</param>
/// <param name="Mitigation">What people do instead, for a tool whose effect cannot be undone (an email cannot be unsent).</param>
/// <param name="InProcess">The inverse as code in the agent's process.</param>
public sealed record ToolCompensation(HttpCompensator? Http = null, MitigationDefinition? Mitigation = null, InProcessCompensator? InProcess = null);
