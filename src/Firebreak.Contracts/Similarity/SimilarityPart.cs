namespace Firebreak.Similarity;

/// <summary>How far one part of two run signatures agrees, from 0 (nothing shared) to 1 (the same).</summary>
/// <param name="Name">The part: <c>agent</c>, <c>tool-sequence</c>, <c>argument-shapes</c>, <c>failure-class</c>, <c>guardrails</c> or <c>outcome</c>.</param>
/// <param name="Score">Its agreement.</param>
/// <param name="Weight">Its share of the overall score.</param>
public sealed record SimilarityPart(string Name, double Score, double Weight);
