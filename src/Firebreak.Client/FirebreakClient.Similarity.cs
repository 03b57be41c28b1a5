using System.Globalization;
using Firebreak.Similarity;

namespace Firebreak.Client;

/// <summary>Similar-case search (<c>/api/v1/runs/{id}/similar</c>).</summary>
public sealed partial class FirebreakClient
{
    /// <summary>
    /// The runs whose failure signature equals or comes closest to this run's, best first, with score, what matched and the
    /// incidents they belong to (<c>GET /api/v1/runs/{id}/similar</c>).
    /// </summary>
    /// <param name="runId">The run to compare with.</param>
    /// <param name="limit">At most this many runs (1 to 100).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FirebreakApiException">404 when there is no such run, 400 when the limit is out of range.</exception>
    public Task<SimilarRuns> GetSimilarRunsAsync(string runId, int limit = 20, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder($"api/v1/runs/{Segment(runId)}/similar").Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        return GetAsync<SimilarRuns>(query.ToString(), cancellationToken);
    }
}
