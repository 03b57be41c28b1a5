using Firebreak.Similarity;

namespace Firebreak.Server.Similarity;

/// <summary>The answer of <c>GET /api/v1/runs/{id}/similar</c>: the run's own signature, the runs closest to it, best first, and the incidents they belong to.</summary>
/// <param name="RunId">The run asked about.</param>
/// <param name="Signature">Its signature (stored when it ended, or computed from its trace when it has not).</param>
/// <param name="Hash">The signature's hash.</param>
/// <param name="Similar">The runs sharing the signature or coming closest, best first, then newest first.</param>
/// <param name="Incidents">Every incident a listed run belongs to.</param>
internal sealed record SimilarRuns(string RunId, RunSignature Signature, string Hash, IReadOnlyList<SimilarRun> Similar, IReadOnlyList<SimilarIncident> Incidents);

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
internal sealed record SimilarRun(
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

/// <summary>An incident a similar run belongs to, and how it is linked: its alert names the run (<c>alert</c>), the run was marked toxic for it (<c>toxic</c>), or the run started in its window on one of its agents (<c>window</c>).</summary>
internal sealed record SimilarIncident(string Id, string Title, string Status, IReadOnlyList<string> Links);
