namespace Firebreak.Control;

/// <summary>A stored control change: its epoch, the ledger entry that records it, and the change.</summary>
public sealed record RecordedControlChange(long Epoch, long LedgerSeq, ControlChange Change);
