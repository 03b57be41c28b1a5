using System.Text.Json;

namespace Firebreak.Ledger;

/// <summary>Starts a run. The server assigns the id and the correlation id when they are not given.</summary>
public sealed record StartRunRequest(
    string AgentId,
    string? RunId = null,
    string? CorrelationId = null,
    string? Traceparent = null,
    ReleaseRef? Release = null,
    JsonElement? Input = null);

/// <summary>Appends one step to a run's decision trace.</summary>
public sealed record AppendStepRequest(
    StepKind Kind,
    string? Name = null,
    JsonElement? Data = null,
    IReadOnlyList<string>? SourceIds = null);

/// <summary>Ends a run; <paramref name="Output"/>, when given, is recorded as its <c>output</c> step.</summary>
public sealed record EndRunRequest(RunStatus Status, JsonElement? Output = null);

/// <summary>Records a tool call with side effects. The idempotency key is unique per agent.</summary>
public sealed record RecordActionRequest(
    string AgentId,
    string IdempotencyKey,
    string Tool,
    JsonElement Arguments,
    ActionOutcome Outcome,
    string? RunId = null,
    JsonElement? Result = null,
    IReadOnlyList<string>? Entities = null,
    decimal? Amount = null,
    string? Currency = null,
    string? CorrelationId = null,
    string? ReleaseId = null,
    long? DurationMs = null);

/// <summary>Records the final outcome of an action recorded as <see cref="ActionOutcome.Pending"/>.</summary>
public sealed record CompleteActionRequest(
    string AgentId,
    string IdempotencyKey,
    ActionOutcome Outcome,
    JsonElement? Result = null,
    string? Error = null,
    long? DurationMs = null);
