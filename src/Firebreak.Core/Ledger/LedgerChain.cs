using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Ledger;

/// <summary>
/// The ledger's hash chain: each entry's hash covers its sequence number, kind, time, run, agent, payload and
/// the previous entry's hash, so changing, removing or reordering any stored entry breaks every later link.
/// </summary>
public static class LedgerChain
{
    /// <summary>The previous hash of the very first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(string prevHash, long seq, string kind, string? runId, string? agentId, long recordedAtMs, string payload)
    {
        var text = string.Join(
            '\n',
            prevHash,
            seq.ToString(CultureInfo.InvariantCulture),
            kind,
            runId ?? string.Empty,
            agentId ?? string.Empty,
            recordedAtMs.ToString(CultureInfo.InvariantCulture),
            payload);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static string ComputeHash(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.PrevHash, entry.Seq, entry.Kind, entry.RunId, entry.AgentId, entry.RecordedAtMs, entry.Payload);
    }
}
