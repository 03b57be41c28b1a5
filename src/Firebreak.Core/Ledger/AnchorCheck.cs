namespace Firebreak.Ledger;

/// <summary>
/// Compares the ledger, streamed in sequence order, with anchors kept outside it. Each anchor whose signature checked
/// out must find its entry with its hash; an entry before the retention checkpoint counts as pruned only when the
/// checkpoint is signed, and pruning an anchor did not yet know about needs that signature too, so a prefix deleted by
/// hand (with a forged checkpoint to keep the chain linking) is told apart from retention.
/// </summary>
internal sealed class AnchorCheck
{
    private readonly List<LedgerAnchor> _pending = [];
    private readonly List<AnchorResult> _results = [];
    private int _next;

    /// <param name="anchors">Each anchor with whether its signature verified against the pinned key.</param>
    /// <param name="checkpointSeq">The retention checkpoint's sequence number (0 when nothing was pruned).</param>
    /// <param name="checkpointHash">The checkpoint's hash (null when nothing was pruned).</param>
    /// <param name="checkpointSigned">Whether the checkpoint's signature verified against the pinned key.</param>
    public AnchorCheck(IEnumerable<(LedgerAnchor Anchor, bool SignatureValid)> anchors, long checkpointSeq, string? checkpointHash, bool checkpointSigned)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        foreach (var (anchor, signatureValid) in anchors.OrderBy(a => a.Anchor.Seq))
        {
            if (!signatureValid)
            {
                _results.Add(Result(anchor, AnchorStatus.BadSignature, null, "the signature does not verify against the pinned public key"));
            }
            else if (anchor.Seq == 0)
            {
                _results.Add(Compare(anchor, LedgerChain.Genesis));
            }
            else if (checkpointSeq > anchor.PrunedThrough && !checkpointSigned)
            {
                _results.Add(Result(
                    anchor,
                    AnchorStatus.Missing,
                    anchor.PrunedThrough + 1,
                    $"entries {anchor.PrunedThrough + 1} to {checkpointSeq} were removed after this anchor without a signed retention checkpoint"));
            }
            else if (anchor.Seq < checkpointSeq)
            {
                _results.Add(Result(anchor, AnchorStatus.Pruned, null, $"retention pruned entries up to {checkpointSeq}; this one cannot be checked"));
            }
            else if (anchor.Seq == checkpointSeq)
            {
                _results.Add(Compare(anchor, checkpointHash));
            }
            else
            {
                _pending.Add(anchor);
            }
        }
    }

    /// <summary>Checks the next entry, in sequence order, against the anchors at its sequence number.</summary>
    public void Accept(long seq, string hash)
    {
        while (_next < _pending.Count && _pending[_next].Seq <= seq)
        {
            var anchor = _pending[_next++];
            _results.Add(anchor.Seq == seq ? Compare(anchor, hash) : Result(anchor, AnchorStatus.Missing, anchor.Seq, $"entry {anchor.Seq} is not in the ledger"));
        }
    }

    /// <summary>Closes the check at the last entry read: anchors beyond it mark a truncated tail. Returns every outcome in sequence order.</summary>
    public IReadOnlyList<AnchorResult> Finish(long lastSeq)
    {
        for (; _next < _pending.Count; _next++)
        {
            var anchor = _pending[_next];
            _results.Add(Result(anchor, AnchorStatus.Missing, lastSeq + 1, $"the ledger ends at entry {lastSeq}; entries {lastSeq + 1} to {anchor.Seq} were removed"));
        }

        return [.. _results.OrderBy(r => r.Seq).ThenBy(r => r.AnchoredAt)];
    }

    private static AnchorResult Compare(LedgerAnchor anchor, string? hash) =>
        string.Equals(anchor.Hash, hash, StringComparison.Ordinal)
            ? Result(anchor, AnchorStatus.Matches, null, null)
            : Result(anchor, AnchorStatus.Disagrees, anchor.Seq, $"entry {anchor.Seq} has hash {hash ?? "(none)"}, the anchor says {anchor.Hash}");

    private static AnchorResult Result(LedgerAnchor anchor, AnchorStatus status, long? firstBadSeq, string? detail) =>
        new(anchor.Seq, anchor.Hash, anchor.AnchoredAt, status, firstBadSeq, detail);
}
