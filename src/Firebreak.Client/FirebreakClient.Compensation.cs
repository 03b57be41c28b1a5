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

    /// <summary>
    /// Marks the runs of a selection toxic (<c>POST /api/v1/runs/toxic</c>); operators only. The runs stay as evidence,
    /// flagged on their records and traces, and are refused as good regression examples.
    /// </summary>
    /// <exception cref="FirebreakApiException">400 for an invalid selection or reason, 404 when its incident does not exist.</exception>
    public Task<ToxicMarking> MarkRunsToxicAsync(MarkToxicRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<MarkToxicRequest, ToxicMarking>(HttpMethod.Post, "api/v1/runs/toxic", request, cancellationToken);
    }

    /// <summary>Plans a compensation run, a dry run to review (<c>POST /api/v1/compensations</c>); operators only.</summary>
    /// <exception cref="FirebreakApiException">400 for an invalid selection, 404 when its incident does not exist.</exception>
    public Task<CompensationRunDetail> PlanCompensationAsync(CompensationPlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CompensationPlanRequest, CompensationRunDetail>(HttpMethod.Post, "api/v1/compensations", request, cancellationToken);
    }

    /// <summary>A run with every item, its progress, the failed list and the integrity report (<c>GET /api/v1/compensations/{id}</c>).</summary>
    public Task<CompensationRunDetail> GetCompensationAsync(string runId, CancellationToken cancellationToken = default) =>
        GetAsync<CompensationRunDetail>($"api/v1/compensations/{Segment(runId)}", cancellationToken);

    /// <summary>Compensation runs with their progress, newest first (<c>GET /api/v1/compensations</c>).</summary>
    public Task<IReadOnlyList<CompensationRun>> ListCompensationsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<CompensationRun>>("api/v1/compensations", cancellationToken);

    /// <summary>Approves a planned run (<c>POST /api/v1/compensations/{id}/approve</c>); operators only.</summary>
    /// <exception cref="FirebreakApiException">409 when the run is not planned.</exception>
    public Task<CompensationRun> ApproveCompensationAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<object, CompensationRun>(HttpMethod.Post, $"api/v1/compensations/{Segment(runId)}/approve", new { }, cancellationToken);

    /// <summary>In-process compensations waiting for a process of <paramref name="agentId"/> (<c>GET /api/v1/compensations/dispatched</c>).</summary>
    /// <exception cref="FirebreakApiException">The server refused the request.</exception>
    public Task<IReadOnlyList<DispatchedCompensation>> ListDispatchedCompensationsAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<DispatchedCompensation>>($"api/v1/compensations/dispatched?agent={Uri.EscapeDataString(agentId)}", cancellationToken);

    /// <summary>Reports a dispatched in-process compensation done or failed (<c>POST /api/v1/compensations/items/{seq}/report</c>); returns the item's state.</summary>
    /// <exception cref="FirebreakApiException">The server refused the request.</exception>
    public Task<CompensationItemState> ReportCompensationAsync(string agentId, long actionSeq, CompensationReport report, CancellationToken cancellationToken = default) =>
        SendAsync<CompensationReport, CompensationItemState>(
            HttpMethod.Post, $"api/v1/compensations/items/{actionSeq.ToString(System.Globalization.CultureInfo.InvariantCulture)}/report?agent={Uri.EscapeDataString(agentId)}", report, cancellationToken);

    /// <summary>Cancels a planned run before approval, releasing its actions (<c>POST /api/v1/compensations/{id}/cancel</c>); 409 once approved.</summary>
    /// <exception cref="FirebreakApiException">The server refused the request.</exception>
    public Task<CompensationRun> CancelCompensationAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<object, CompensationRun>(HttpMethod.Post, $"api/v1/compensations/{Segment(runId)}/cancel", new { }, cancellationToken);

    /// <summary>Starts an approved run (<c>POST /api/v1/compensations/{id}/execute</c>); follow it with <see cref="GetCompensationAsync"/>.</summary>
    /// <exception cref="FirebreakApiException">409 when the run is not approved.</exception>
    public Task<CompensationRun> ExecuteCompensationAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<object, CompensationRun>(HttpMethod.Post, $"api/v1/compensations/{Segment(runId)}/execute", new { }, cancellationToken);

    /// <summary>Mitigation tasks, oldest first (<c>GET /api/v1/mitigations</c>).</summary>
    public Task<IReadOnlyList<MitigationTask>> ListMitigationsAsync(MitigationStatus? status = null, string? runId = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/mitigations")
            .Add("status", status is { } s ? System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(s.ToString()) : null)
            .Add("run", runId);
        return GetAsync<IReadOnlyList<MitigationTask>>(query.ToString(), cancellationToken);
    }

    /// <summary>Moves a mitigation task on or hands it over (<c>POST /api/v1/mitigations/{id}</c>); operators only.</summary>
    public Task<MitigationTask> UpdateMitigationAsync(string taskId, MitigationUpdateRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<MitigationUpdateRequest, MitigationTask>(HttpMethod.Post, $"api/v1/mitigations/{Segment(taskId)}", request, cancellationToken);

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
