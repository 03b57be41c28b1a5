using System.ComponentModel.DataAnnotations;

namespace Firebreak.Server.Ledger;

/// <summary>
/// Signed ledger anchors, bound from <c>Firebreak:Ledger</c>. Anchoring is on only when a key is configured; the key
/// lives in a file or the environment and is never written to the database, so write access to the database alone
/// cannot produce an anchor.
/// </summary>
public sealed class LedgerAnchorOptions : IValidatableObject
{
    public const string Section = "Firebreak:Ledger";

    /// <summary>A file holding the Ed25519 private key, base64 (create one with <c>firebreak ledger anchor-key create</c>). Default: none.</summary>
    public string? AnchorKeyFile { get; set; }

    /// <summary>The Ed25519 private key itself, base64, for environments that inject secrets as settings. Default: none.</summary>
    public string? AnchorKey { get; set; }

    /// <summary>How often the head is signed when it has moved (default five minutes).</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A file each new anchor is appended to as one JSON line, for collection by another system. Default: none.</summary>
    public string? AnchorFile { get; set; }

    /// <summary>Most anchors <c>GET /api/v1/ledger/anchors</c> returns (default 1,000).</summary>
    [Range(1, 100_000)]
    public int MaxListed { get; set; } = 1_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(AnchorKeyFile) && !string.IsNullOrEmpty(AnchorKey))
        {
            yield return new ValidationResult("Set either Firebreak:Ledger:AnchorKeyFile or Firebreak:Ledger:AnchorKey, not both.");
        }

        if (AnchorInterval < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("Firebreak:Ledger:AnchorInterval must be at least one second.");
        }
    }
}
