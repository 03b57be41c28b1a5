namespace Firebreak.Regression;

/// <summary>What the agent did when a case was replayed: its tool calls in order and its final output.</summary>
public sealed record ReplayTranscript(IReadOnlyList<ReplayedCall> Calls, string? Output);
