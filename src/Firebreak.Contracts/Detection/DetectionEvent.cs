using Firebreak.Ledger;

namespace Firebreak.Detection;

/// <summary>One ledger entry as detectors see it; the server reads it from the ledger.</summary>
/// <param name="Seq">The entry's ledger sequence number.</param>
/// <param name="Kind">Which kind of entry.</param>
/// <param name="At">When it was recorded; detectors' windows run on this clock.</param>
/// <param name="AgentId">The agent it belongs to.</param>
/// <param name="RunId">The run it belongs to, if any.</param>
/// <param name="CorrelationId">The request it belongs to: set on run starts and actions, filled in from the run for the rest.</param>
/// <param name="Tool">The tool of an action or completion (a completion's is filled in from its action).</param>
/// <param name="IdempotencyKey">The action's idempotency key, which ties a completion to its action.</param>
/// <param name="ArgumentsDigest">The digest of an action's canonical arguments.</param>
/// <param name="Outcome">An action's or completion's outcome.</param>
/// <param name="Amount">An action's amount.</param>
/// <param name="Entities">An action's entities (<c>type:id</c>).</param>
/// <param name="DurationMs">How long an action or completion took, when recorded.</param>
/// <param name="StepKind">A step's kind by its JSON name (<c>model_call</c>, <c>feedback</c>, <c>guardrail</c>, ...).</param>
/// <param name="StepName">A step's name.</param>
/// <param name="Tokens">A <c>model_call</c> step's input plus output tokens.</param>
/// <param name="ActionSeq">The ledger sequence number of the action an action or completion is about (a completion's is filled in from its action).</param>
public sealed record DetectionEvent(
    long Seq,
    DetectionEventKind Kind,
    DateTimeOffset At,
    string AgentId,
    string? RunId = null,
    string? CorrelationId = null,
    string? Tool = null,
    string? IdempotencyKey = null,
    string? ArgumentsDigest = null,
    ActionOutcome? Outcome = null,
    decimal? Amount = null,
    IReadOnlyList<string>? Entities = null,
    long? DurationMs = null,
    string? StepKind = null,
    string? StepName = null,
    long Tokens = 0,
    long? ActionSeq = null);
