using System.Text;
using Firebreak.Incidents;

namespace Firebreak.Similarity;

/// <summary>
/// Locality-sensitive buckets of a <see cref="RunSignature"/>: a MinHash of its features (agent, tool bigrams, argument
/// shapes, guardrails, failure class, outcome) cut into <see cref="Count"/> bands of <see cref="RowsPerBand"/> rows.
/// Two signatures share at least one band with probability 1 − (1 − J²)⁸ for a feature Jaccard J (0.9 at J = 0.5),
/// so a store finds the close ones by band lookups instead of scanning every signature. The hashes are FNV-1a and
/// SplitMix64, stable across processes and machines; changing them changes every stored band.
/// </summary>
internal static class SignatureBands
{
    /// <summary>How many bands each signature has.</summary>
    public const int Count = 8;

    /// <summary>How many MinHash values each band combines.</summary>
    public const int RowsPerBand = 2;

    /// <summary>The features the MinHash is taken over, prefixed by their part (<c>a:</c>, <c>t:</c>, <c>s:</c>, <c>g:</c>, <c>f:</c>, <c>o:</c>).</summary>
    public static IReadOnlyList<string> Features(RunSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var features = new List<string> { $"a:{signature.AgentId}", $"o:{signature.Outcome}", $"f:{(signature.FailureClass is { } c ? FailureClassNames.Format(c) : "none")}" };
        features.AddRange(RunSignatureComparer.Bigrams(signature.Tools).Select(b => $"t:{b}"));
        features.AddRange(signature.Shapes.Select(s => $"s:{s}"));
        features.AddRange(signature.Guardrails.Select(g => $"g:{g}"));
        return features;
    }

    /// <summary>The <see cref="Count"/> band keys of <paramref name="signature"/>; each key also encodes its band's index.</summary>
    public static long[] Of(RunSignature signature)
    {
        var minimums = new ulong[Count * RowsPerBand];
        Array.Fill(minimums, ulong.MaxValue);
        foreach (var feature in Features(signature))
        {
            var basis = Fnv1a(feature);
            for (var i = 0; i < minimums.Length; i++)
            {
                minimums[i] = Math.Min(minimums[i], Mix(basis ^ Mix((ulong)i + 1)));
            }
        }

        var bands = new long[Count];
        for (var band = 0; band < Count; band++)
        {
            var key = Mix((ulong)band + 0x5bd1e995);
            for (var row = 0; row < RowsPerBand; row++)
            {
                key = Mix(key ^ minimums[(band * RowsPerBand) + row]);
            }

            bands[band] = unchecked((long)key);
        }

        return bands;
    }

    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return hash;
    }

    private static ulong Mix(ulong value)
    {
        unchecked
        {
            value += 0x9E3779B97F4A7C15UL;
            value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
            value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
            return value ^ (value >> 31);
        }
    }
}
