namespace Firebreak.Similarity;

/// <summary>How close two run signatures are, and what matched.</summary>
/// <param name="Score">From 0 to 1; exactly 1 when the signatures (and so their hashes) are equal.</param>
/// <param name="SameSignature">Whether the hashes are equal.</param>
/// <param name="Matched">The names of the parts that agree fully, in the comparer's order (agent, tool sequence, argument shapes, failure class, guardrails, outcome).</param>
/// <param name="Parts">Every part with its agreement and weight.</param>
public sealed record RunSimilarity(double Score, bool SameSignature, IReadOnlyList<string> Matched, IReadOnlyList<SimilarityPart> Parts);
