namespace Firebreak.Ledger;

/// <summary>One append-only, hash-chained ledger entry. <see cref="Payload"/> is the canonical JSON the hash covers.</summary>
internal sealed record LedgerEntry(
    long Seq,
    string Kind,
    string? RunId,
    string? AgentId,
    long RecordedAtMs,
    string Payload,
    string PrevHash,
    string Hash);
