using System.Text.Json;

namespace Firebreak.Regression;

/// <summary>A tool call the agent made during a replay; none of them reached the real tool.</summary>
public sealed record ReplayedCall(string Tool, JsonElement Arguments);
