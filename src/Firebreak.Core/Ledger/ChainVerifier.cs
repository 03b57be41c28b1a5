namespace Firebreak.Ledger;

/// <summary>
/// Checks ledger entries in sequence order, one at a time, so a ledger of any size is verified in constant memory.
/// Starts from the genesis hash or from the checkpoint retention left behind.
/// </summary>
internal sealed class ChainVerifier
{
    private readonly long? _checkpointSeq;
    private string _expectedPrevHash;
    private long? _lastSeq;

    public ChainVerifier(long? checkpointSeq = null, string? checkpointHash = null)
    {
        _checkpointSeq = checkpointSeq;
        _expectedPrevHash = checkpointHash ?? LedgerChain.Genesis;
        _lastSeq = checkpointSeq;
    }

    public long EntriesChecked { get; private set; }

    public long? FirstBrokenSeq { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>Checks the next entry. Returns <see langword="false"/> at the first broken link; later entries are not checked.</summary>
    public bool Accept(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (FirstBrokenSeq is not null)
        {
            return false;
        }

        EntriesChecked++;
        if (_lastSeq is { } last && entry.Seq <= last)
        {
            return Break(entry.Seq, $"sequence {entry.Seq} does not follow {last}");
        }

        if (!string.Equals(entry.PrevHash, _expectedPrevHash, StringComparison.Ordinal))
        {
            return Break(entry.Seq, "previous-hash link does not match the preceding entry");
        }

        if (!string.Equals(LedgerChain.ComputeHash(entry), entry.Hash, StringComparison.Ordinal))
        {
            return Break(entry.Seq, "content does not match its hash");
        }

        _expectedPrevHash = entry.Hash;
        _lastSeq = entry.Seq;
        return true;
    }

    /// <summary>Checks that the chain ends at the recorded head, so that entries removed from the end are noticed.</summary>
    public bool AcceptHead(long headSeq, string headHash)
    {
        if (FirstBrokenSeq is not null)
        {
            return false;
        }

        var last = _lastSeq ?? 0;
        if (headSeq != last)
        {
            return Break(Math.Min(headSeq, last) + 1, $"the ledger head is {headSeq} but the entries end at {last}");
        }

        return headSeq == 0
            || string.Equals(headHash, _expectedPrevHash, StringComparison.Ordinal)
            || Break(headSeq, "the ledger head hash does not match the last entry");
    }

    public LedgerVerification Result() => new(FirstBrokenSeq is null, EntriesChecked, FirstBrokenSeq, Reason, _checkpointSeq);

    private bool Break(long seq, string reason)
    {
        FirstBrokenSeq = seq;
        Reason = reason;
        return false;
    }
}
