using NSec.Cryptography;

namespace Firebreak.Server.Ledger;

/// <summary>
/// The Ed25519 key anchors and retention checkpoints are signed with, loaded once from a file or a setting. Files and
/// settings hold the 32-byte private key, base64; the public key is published so outsiders can pin it.
/// </summary>
internal sealed class AnchorKey : IDisposable
{
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private AnchorKey(Key key)
    {
        _key = key;
        PublicKey = Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public key, base64 of its 32 raw bytes.</summary>
    public string PublicKey { get; }

    /// <summary>Loads the configured key, or returns null when anchoring is not configured.</summary>
    /// <exception cref="InvalidOperationException">The configured key cannot be read or is not an Ed25519 private key.</exception>
    public static AnchorKey? Load(LedgerAnchorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.AnchorKey;
        if (!string.IsNullOrEmpty(options.AnchorKeyFile))
        {
            if (!File.Exists(options.AnchorKeyFile))
            {
                throw new InvalidOperationException(
                    $"Firebreak:Ledger:AnchorKeyFile '{options.AnchorKeyFile}' does not exist; create it with 'firebreak ledger anchor-key create <file>'.");
            }

            text = File.ReadAllText(options.AnchorKeyFile);
        }

        return string.IsNullOrWhiteSpace(text) ? null : FromBase64(text.Trim());
    }

    /// <summary>A key from the base64 of its 32 raw private-key bytes.</summary>
    public static AnchorKey FromBase64(string privateKey)
    {
        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(privateKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("The ledger anchor key is not base64.");
        }

        if (!Key.TryImport(Algorithm, raw, KeyBlobFormat.RawPrivateKey, out var key))
        {
            throw new InvalidOperationException("The ledger anchor key is not a 32-byte Ed25519 private key.");
        }

        return new AnchorKey(key!);
    }

    public string Sign(byte[] data) => Convert.ToBase64String(Algorithm.Sign(_key, data));

    /// <summary>Whether <paramref name="signature"/> is a valid signature of <paramref name="data"/> by <paramref name="publicKey"/>; false for anything malformed.</summary>
    public static bool Verify(string publicKey, byte[] data, string? signature)
    {
        if (signature is null)
        {
            return false;
        }

        try
        {
            return NSec.Cryptography.PublicKey.TryImport(Algorithm, Convert.FromBase64String(publicKey), KeyBlobFormat.RawPublicKey, out var key)
                && Algorithm.Verify(key!, data, Convert.FromBase64String(signature));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public void Dispose() => _key.Dispose();
}
