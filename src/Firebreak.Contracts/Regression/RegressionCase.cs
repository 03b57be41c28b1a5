using System.Text.Json;

namespace Firebreak.Regression;

/// <summary>A recorded run turned into a replayable test: its input, the context it retrieved, the tool responses it got, and assertions.</summary>
/// <param name="Id">The case id.</param>
/// <param name="AgentId">The agent.</param>
/// <param name="Name">A short name for tables.</param>
/// <param name="SourceRunId">The run it was captured from.</param>
/// <param name="Input">The run's input.</param>
/// <param name="Context">The run's <c>retrieval</c> steps, in order.</param>
/// <param name="ToolCalls">The run's tool calls with their recorded responses, in order.</param>
/// <param name="Assertions">What a replay must satisfy; at least one.</param>
/// <param name="CreatedBy">Who captured it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="IncidentId">The incident it came from, if any.</param>
/// <param name="SourceReleaseId">The release the recorded run ran on, if known.</param>
public sealed record RegressionCase(
    string Id,
    string AgentId,
    string Name,
    string SourceRunId,
    JsonElement Input,
    IReadOnlyList<JsonElement> Context,
    IReadOnlyList<RecordedToolCall> ToolCalls,
    IReadOnlyList<RegressionAssertion> Assertions,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? IncidentId = null,
    string? SourceReleaseId = null);
