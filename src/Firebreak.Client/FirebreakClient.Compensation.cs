using System.Globalization;
using Firebreak.Compensation;

namespace Firebreak.Client;

/// <summary>Blast radius and compensation calls (<c>/api/v1/blast-radius</c>, <c>/api/v1/compensations</c>).</summary>
public sealed partial class FirebreakClient
{
    /// <summary>The blast radius of a selection and one page of its actions (<c>GET /api/v1/blast-radius</c>).</summary>
    /// <exception cref="FirebreakApiException">400 for an invalid selection, 404 when its incident does not exist.</exception>
    public Task<BlastRadiusReport> GetBlastRadiusAsync(BlastRadiusRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SelectionQuery("api/v1/blast-radius", request.Selection)
            .Add("after", request.After?.ToString(CultureInfo.InvariantCulture))
            .Add("limit", request.Limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<BlastRadiusReport>(query.ToString(), cancellationToken);
    }

    /// <summary>Copies every selected action to <paramref name="destination"/> as CSV or JSON (<c>GET /api/v1/blast-radius/export</c>).</summary>
    /// <param name="selection">Which actions.</param>
    /// <param name="format"><c>csv</c> or <c>json</c>.</param>
    /// <param name="destination">Where the export is written, as it streams.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task ExportBlastRadiusAsync(BlastRadiusSelection selection, string format, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(destination);
        var path = SelectionQuery("api/v1/blast-radius/export", selection).Add("format", format).ToString();
        using var response = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    private static QueryBuilder SelectionQuery(string path, BlastRadiusSelection selection)
    {
        var query = new QueryBuilder(path);
        AddAll(query, "agent", selection.Agents);
        AddAll(query, "release", selection.Releases);
        AddAll(query, "tool", selection.Tools);
        AddAll(query, "outcome", selection.Outcomes?.Select(o => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(o.ToString())).ToList());
        query.Add("since", selection.Since?.ToString("O", CultureInfo.InvariantCulture));
        query.Add("until", selection.Until?.ToString("O", CultureInfo.InvariantCulture));
        AddAll(query, "correlation", selection.CorrelationIds);
        AddAll(query, "run", selection.RunIds);
        return query.Add("incident", selection.IncidentId);
    }

    private static void AddAll(QueryBuilder query, string name, IReadOnlyList<string>? values)
    {
        foreach (var value in values ?? [])
        {
            query.Add(name, value);
        }
    }
}
