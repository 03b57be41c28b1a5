using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Releases;

/// <summary>
/// Which release an agent's new runs get, as the control stream carries it to every enforcement point: the active
/// release, and during a gradual restore a candidate that gets <see cref="CandidatePercent"/> of new runs.
/// </summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ActiveReleaseId">The active release.</param>
/// <param name="CandidateReleaseId">The release being restored gradually, if any.</param>
/// <param name="CandidatePercent">The share of new runs, 0 to 100, that get the candidate.</param>
public sealed record ReleaseRouting(string AgentId, string ActiveReleaseId, string? CandidateReleaseId = null, int CandidatePercent = 0)
{
    /// <summary>
    /// The release for a new run keyed by <paramref name="routingKey"/> (a run or customer id). Deterministic: the same
    /// key always lands in the same bucket, so a customer does not flip between releases, and a bucket in the
    /// candidate's share stays there as the share grows.
    /// </summary>
    public string ReleaseFor(string routingKey)
    {
        ArgumentNullException.ThrowIfNull(routingKey);
        return CandidateReleaseId is { } candidate && Bucket(routingKey) < CandidatePercent ? candidate : ActiveReleaseId;
    }

    /// <summary>The key's bucket, 0 to 99: the first four bytes of its SHA-256, modulo 100.</summary>
    public static int Bucket(string routingKey)
    {
        ArgumentNullException.ThrowIfNull(routingKey);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(routingKey), hash);
        return (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) % 100);
    }
}
