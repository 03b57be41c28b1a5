using System.Globalization;
using System.Text;

namespace Firebreak.Ledger;

/// <summary>
/// A signed statement of the ledger head at a moment: the head's sequence number and hash, when it was signed, and how
/// far retention had pruned by then. Kept outside the database, it lets anyone holding the public key prove later that
/// the chain still contains that head: a rewritten chain, a deleted prefix or a truncated tail no longer agrees with it.
/// </summary>
/// <param name="Seq">The head's sequence number (0 for an empty ledger).</param>
/// <param name="Hash">The head's hash.</param>
/// <param name="AnchoredAt">When the head was signed.</param>
/// <param name="PrunedThrough">The retention checkpoint's sequence number at that moment (0 when nothing was pruned).</param>
/// <param name="PublicKey">The Ed25519 public key that signed it, base64.</param>
/// <param name="Signature">The Ed25519 signature over <see cref="SignedBytes(long, string, long, long)"/>, base64.</param>
public sealed record LedgerAnchor(long Seq, string Hash, DateTimeOffset AnchoredAt, long PrunedThrough, string PublicKey, string Signature)
{
    /// <summary>The bytes an anchor's signature covers: a purpose label, then every field, so a signature cannot be reused for another statement.</summary>
    public static byte[] SignedBytes(long seq, string hash, long anchoredAtMs, long prunedThrough) =>
        Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "firebreak.ledger.anchor.v1",
            seq.ToString(CultureInfo.InvariantCulture),
            hash,
            anchoredAtMs.ToString(CultureInfo.InvariantCulture),
            prunedThrough.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The bytes a retention checkpoint's signature covers; labelled apart from anchors so neither passes for the other.</summary>
    public static byte[] CheckpointBytes(long seq, string hash, long prunedAtMs) =>
        Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "firebreak.ledger.checkpoint.v1",
            seq.ToString(CultureInfo.InvariantCulture),
            hash,
            prunedAtMs.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The bytes this anchor's signature covers.</summary>
    public byte[] SignedBytes() => SignedBytes(Seq, Hash, AnchoredAt.ToUnixTimeMilliseconds(), PrunedThrough);
}
