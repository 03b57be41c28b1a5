namespace Firebreak.Ledger;

/// <summary>
/// A full audit of the ledger for an outsider: the hash chain, the kept anchors it must still agree with, and the
/// tables blast radius and compensation read, compared with the entries they were written from.
/// </summary>
/// <param name="Valid">True when the chain is intact, no anchor fails and no derived row disagrees.</param>
/// <param name="Chain">The hash-chain check from the checkpoint (or genesis) to the head.</param>
/// <param name="CheckpointSigned">Whether the retention checkpoint carries a valid signature by the pinned key (null: no checkpoint).</param>
/// <param name="Anchors">Each submitted anchor's outcome, in sequence order.</param>
/// <param name="FirstDisagreeingSeq">The lowest sequence number at which the ledger disagrees with a kept anchor or with its own chain.</param>
/// <param name="RowsChecked">Derived rows compared with the ledger.</param>
/// <param name="Mismatches">The first derived rows that disagree (at most the requested limit).</param>
/// <param name="MismatchCount">How many derived rows disagree in all.</param>
public sealed record LedgerAudit(
    bool Valid,
    LedgerVerification Chain,
    bool? CheckpointSigned,
    IReadOnlyList<AnchorResult> Anchors,
    long? FirstDisagreeingSeq,
    long RowsChecked,
    IReadOnlyList<DerivedMismatch> Mismatches,
    long MismatchCount);
