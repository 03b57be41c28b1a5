namespace Firebreak.Ledger;

/// <summary>What an anchor check found for one anchor.</summary>
public enum AnchorStatus
{
    /// <summary>The entry at the anchor's sequence number has the anchored hash.</summary>
    Matches,

    /// <summary>The entry at the anchor's sequence number has another hash: the chain was rewritten.</summary>
    Disagrees,

    /// <summary>The entry is gone and no signed retention checkpoint accounts for it: a deleted prefix or a truncated tail.</summary>
    Missing,

    /// <summary>Retention pruned the entry under a signed checkpoint: it cannot be checked, and that is not a failure.</summary>
    Pruned,

    /// <summary>The anchor is not signed by the pinned key (forged, altered, or from another server); it proves nothing.</summary>
    BadSignature,
}
