namespace Firebreak.Similarity;

/// <summary>The answer of <c>GET /api/v1/runs/{id}/similar</c>: the run's own signature, the runs closest to it, best first, and the incidents they belong to.</summary>
/// <param name="RunId">The run asked about.</param>
/// <param name="Signature">Its signature (stored when it ended, or computed from its trace when it has not).</param>
/// <param name="Hash">The signature's hash.</param>
/// <param name="Similar">The runs sharing the signature or coming closest, best first, then newest first.</param>
/// <param name="Incidents">Every incident a listed run belongs to.</param>
public sealed record SimilarRuns(string RunId, RunSignature Signature, string Hash, IReadOnlyList<SimilarRun> Similar, IReadOnlyList<SimilarIncident> Incidents);
