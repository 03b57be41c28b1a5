using System.Text.Json;

namespace Firebreak.Regression;

/// <summary>A tool call of the recorded run and what the tool answered, which the replay hands back instead of calling the tool.</summary>
/// <param name="Tool">The tool.</param>
/// <param name="Arguments">The arguments of the recorded call.</param>
/// <param name="Result">The tool's recorded response; <see langword="null"/> when none was recorded.</param>
public sealed record RecordedToolCall(string Tool, JsonElement Arguments, JsonElement? Result = null);
