namespace Firebreak.Server.Ledger;

/// <summary>The anchor signing key's public half.</summary>
internal sealed record LedgerAnchorKey(string Algorithm, string PublicKey);
