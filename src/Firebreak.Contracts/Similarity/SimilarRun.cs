namespace Firebreak.Similarity;

/// <summary>One run close to the run asked about.</summary>
/// <param name="RunId">The run.</param>
/// <param name="AgentId">Its agent.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Hash">Its signature's hash.</param>
/// <param name="Score">How close, from 0 to 1; 1 is the same signature.</param>
/// <param name="SameSignature">Whether the hashes are equal.</param>
/// <param name="Matched">The signature parts that agree fully.</param>
/// <param name="Parts">Every part's agreement and weight.</param>
/// <param name="Tools">Its tool sequence, to read the difference.</param>
/// <param name="Incidents">The ids of the incidents it belongs to.</param>
public sealed record SimilarRun(
    string RunId,
    string AgentId,
    DateTimeOffset StartedAt,
    string Hash,
    double Score,
    bool SameSignature,
    IReadOnlyList<string> Matched,
    IReadOnlyList<SimilarityPart> Parts,
    IReadOnlyList<string> Tools,
    IReadOnlyList<string> Incidents);
