using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Server.Ledger;

/// <summary>The canonical content of each ledger entry kind, as hashed and stored.</summary>
internal sealed record RunStartedPayload(
    string RunId,
    string AgentId,
    string CorrelationId,
    string? Traceparent,
    ReleaseRef Release);

internal sealed record ActionPayload(
    string AgentId,
    string IdempotencyKey,
    string Tool,
    JsonElement Arguments,
    string ArgumentsDigest,
    ActionOutcome Outcome,
    string? RunId,
    JsonElement? Result,
    IReadOnlyList<string> Entities,
    decimal? Amount,
    string? Currency,
    string? CorrelationId,
    string? ReleaseId,
    long? DurationMs);

internal sealed record RunEndedPayload(string RunId, RunStatus Status);

internal sealed record ToxicMarkPayload(string RunId, string Reason, string MarkedBy, DateTimeOffset MarkedAt, string? IncidentId);
