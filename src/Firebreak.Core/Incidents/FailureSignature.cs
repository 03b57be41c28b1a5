namespace Firebreak.Incidents;

/// <summary>What makes two incidents "the same failure": the agent, the failure class and the tool involved (ordinal, case-sensitive).</summary>
/// <param name="AgentId">The agent's slug.</param>
/// <param name="FailureClass">Why it failed.</param>
/// <param name="Tool">The tool at the centre of the failure; <see langword="null"/> when none was, which only matches another <see langword="null"/>.</param>
internal sealed record FailureSignature(string AgentId, FailureClass FailureClass, string? Tool);
