namespace Firebreak.Ledger;

/// <summary>One anchor's outcome.</summary>
/// <param name="Seq">The anchored sequence number.</param>
/// <param name="Hash">The anchored hash.</param>
/// <param name="AnchoredAt">When it was signed.</param>
/// <param name="Status">What the check found.</param>
/// <param name="FirstBadSeq">The first entry this anchor shows to be wrong or missing (the anchored entry itself for a rewrite).</param>
/// <param name="Detail">What was wrong, in words.</param>
public sealed record AnchorResult(long Seq, string Hash, DateTimeOffset AnchoredAt, AnchorStatus Status, long? FirstBadSeq, string? Detail);
