using System.Text.Json;

namespace Firebreak.Ledger;

/// <summary>A run as stored.</summary>
public sealed record RunRecord(
    string Id,
    string AgentId,
    string CorrelationId,
    string? Traceparent,
    ReleaseRef Release,
    RunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    ToxicMark? Toxic = null);

/// <summary>An action as stored, with the hash of its ledger entry.</summary>
public sealed record ActionRecord(
    long Seq,
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
    DateTimeOffset RecordedAt,
    string Hash);

/// <summary>One entry of a decision trace, in ledger order.</summary>
public sealed record TraceItem(long Seq, string Kind, DateTimeOffset At, JsonElement Payload, string Hash);

/// <summary>A run's full decision trace: the run and every ledger entry that belongs to it.</summary>
public sealed record DecisionTrace(RunRecord Run, IReadOnlyList<TraceItem> Items);

/// <summary>The result of checking the ledger's hash chain.</summary>
/// <param name="Valid">Whether every link checked out.</param>
/// <param name="EntriesChecked">Entries whose hash was recomputed.</param>
/// <param name="FirstBrokenSeq">The sequence number of the first entry whose hash or link does not match.</param>
/// <param name="Reason">What was wrong with that entry.</param>
/// <param name="CheckpointSeq">The last pruned entry the check started from, if retention has pruned any.</param>
/// <param name="ContinuedFromSeq">
/// For an incremental check, the last entry an earlier check verified: only the entries after it were recomputed,
/// linked to its remembered hash. Null for a full rescan.
/// </param>
public sealed record LedgerVerification(bool Valid, long EntriesChecked, long? FirstBrokenSeq, string? Reason, long? CheckpointSeq, long? ContinuedFromSeq = null);
