namespace Firebreak.Detection;

/// <summary>What a detector saw when it fired: the raw material of an alert before deduplication.</summary>
/// <param name="Definition">The detector that fired.</param>
/// <param name="AgentId">The agent it watches.</param>
/// <param name="DedupKey">The correlation id where the finding is about one request, otherwise the tool, entity or agent it is about.</param>
/// <param name="Summary">One sentence: what was seen against which threshold.</param>
/// <param name="RunIds">The runs involved, most recent last, a bounded number.</param>
/// <param name="ActionSeqs">The ledger sequence numbers of the actions involved, most recent last, a bounded number.</param>
/// <param name="Seq">The ledger entry that made it fire.</param>
/// <param name="At">When that entry was recorded.</param>
public sealed record DetectorFinding(
    DetectorDefinition Definition,
    string AgentId,
    string DedupKey,
    string Summary,
    IReadOnlyList<string> RunIds,
    IReadOnlyList<long> ActionSeqs,
    long Seq,
    DateTimeOffset At);
