namespace Firebreak.Ledger;

/// <summary>The anchor signing key's public half.</summary>
public sealed record LedgerAnchorKey(string Algorithm, string PublicKey);
