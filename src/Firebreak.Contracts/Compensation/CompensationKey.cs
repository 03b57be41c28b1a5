using System.Security.Cryptography;
using System.Text;
using Firebreak.Ledger;

namespace Firebreak.Compensation;

/// <summary>
/// The idempotency key of an action's compensation, derived from the original action's agent and key: the same action
/// always gets the same key, in every run and on every retry, so the compensator sees a repeat, never a second effect.
/// </summary>
public static class CompensationKey
{
    public const string Prefix = "compensate:";

    public static string For(string agentId, string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(agentId);
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        var plain = $"{Prefix}{agentId}:{idempotencyKey}";
        if (plain.Length <= LedgerValidator.MaxIdempotencyKeyLength)
        {
            return plain;
        }

        // Long keys keep their identity through a hash, within the length every idempotent API accepts.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{agentId}\n{idempotencyKey}")));
        return $"{Prefix}sha256:{hash}";
    }
}
