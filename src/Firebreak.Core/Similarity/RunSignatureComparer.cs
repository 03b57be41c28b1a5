namespace Firebreak.Similarity;

/// <summary>
/// Scores two <see cref="RunSignature"/>s: a weighted sum of the agreement of their parts. The tool sequences compare by
/// Jaccard over their bigrams (with start and end marks, so order matters and a one-tool run still has two), the
/// argument shapes and the guardrails by Jaccard over their sets (two empty sets agree), the agent, the failure class
/// and the outcome by equality.
/// </summary>
internal static class RunSignatureComparer
{
    /// <summary>The parts and their weights, which sum to 1.</summary>
    public static IReadOnlyList<(string Name, double Weight)> Weights { get; } =
    [
        ("agent", 0.10),
        ("tool-sequence", 0.35),
        ("argument-shapes", 0.30),
        ("failure-class", 0.10),
        ("guardrails", 0.10),
        ("outcome", 0.05),
    ];

    /// <summary>How close <paramref name="left"/> and <paramref name="right"/> are; symmetric.</summary>
    public static RunSimilarity Compare(RunSignature left, RunSignature right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        double[] scores =
        [
            string.Equals(left.AgentId, right.AgentId, StringComparison.Ordinal) ? 1 : 0,
            Jaccard(Bigrams(left.Tools), Bigrams(right.Tools)),
            Jaccard(left.Shapes, right.Shapes),
            left.FailureClass == right.FailureClass ? 1 : 0,
            Jaccard(left.Guardrails, right.Guardrails),
            left.Outcome == right.Outcome ? 1 : 0,
        ];
        var parts = new SimilarityPart[scores.Length];
        var score = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            parts[i] = new SimilarityPart(Weights[i].Name, Math.Round(scores[i], 4), Weights[i].Weight);
            score += scores[i] * Weights[i].Weight;
        }

        var same = string.Equals(left.Hash, right.Hash, StringComparison.Ordinal);

        // Rounding keeps the score stable across platforms' last bits; equal signatures are exactly 1.
        return new RunSimilarity(
            same ? 1.0 : Math.Min(Math.Round(score, 4), 0.9999),
            same,
            [.. parts.Where(p => p.Score >= 1).Select(p => p.Name)],
            parts);
    }

    /// <summary>The bigrams of a tool sequence, with <c>^</c> before the first tool and <c>$</c> after the last.</summary>
    public static IReadOnlyList<string> Bigrams(IReadOnlyList<string> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var bigrams = new List<string>(tools.Count + 1);
        var previous = "^";
        foreach (var tool in tools)
        {
            bigrams.Add($"{previous}>{tool}");
            previous = tool;
        }

        bigrams.Add($"{previous}>$");
        return bigrams;
    }

    private static double Jaccard(IReadOnlyCollection<string> left, IReadOnlyCollection<string> right)
    {
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        var set = new HashSet<string>(left, StringComparer.Ordinal);
        var shared = right.Distinct(StringComparer.Ordinal).Count(set.Contains);
        var union = set.Count + right.Distinct(StringComparer.Ordinal).Count() - shared;
        return (double)shared / union;
    }
}
