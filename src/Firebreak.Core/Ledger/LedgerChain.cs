using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Ledger;

/// <summary>
/// The ledger's hash chain: each entry's hash covers its sequence number, kind, time, run, agent, payload and
/// the previous entry's hash, so changing, removing or reordering any stored entry breaks every later link.
/// </summary>
internal static class LedgerChain
{
    /// <summary>The previous hash of the very first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(string prevHash, long seq, string kind, string? runId, string? agentId, long recordedAtMs, string payload)
    {
        ArgumentNullException.ThrowIfNull(prevHash);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(payload);

        // The UTF-8 of the fields joined by '\n', encoded straight into one buffer: this runs once per entry on the
        // store's single writer, where building the joined string first cost more than the hash.
        runId ??= string.Empty;
        agentId ??= string.Empty;
        var length = Encoding.UTF8.GetMaxByteCount(prevHash.Length + kind.Length + runId.Length + agentId.Length + payload.Length) + 48;
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        var written = 0;
        written += Encoding.UTF8.GetBytes(prevHash, buffer[written..]);
        buffer[written++] = (byte)'\n';
        seq.TryFormat(buffer[written..], out var n, default, CultureInfo.InvariantCulture);
        written += n;
        buffer[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(kind, buffer[written..]);
        buffer[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(runId, buffer[written..]);
        buffer[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(agentId, buffer[written..]);
        buffer[written++] = (byte)'\n';
        recordedAtMs.TryFormat(buffer[written..], out n, default, CultureInfo.InvariantCulture);
        written += n;
        buffer[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(payload, buffer[written..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer[..written], hash);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        return Convert.ToHexStringLower(hash);
    }

    public static string ComputeHash(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.PrevHash, entry.Seq, entry.Kind, entry.RunId, entry.AgentId, entry.RecordedAtMs, entry.Payload);
    }
}
