namespace Firebreak.Ledger;

/// <summary>The body of <c>POST /api/v1/ledger/verify</c>.</summary>
/// <param name="Anchors">Anchors kept outside the database (for example the lines of the anchor file sink).</param>
/// <param name="PublicKey">The pinned Ed25519 public key, base64; default: this server's anchor key.</param>
/// <param name="MaxMismatches">Most derived-table mismatches listed (default 50, at most 1,000); all are counted.</param>
public sealed record LedgerAuditRequest(IReadOnlyList<LedgerAnchor>? Anchors = null, string? PublicKey = null, int? MaxMismatches = null);
