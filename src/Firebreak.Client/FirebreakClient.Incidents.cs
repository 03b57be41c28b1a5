using System.Globalization;
using Firebreak.Incidents;

namespace Firebreak.Client;

/// <summary>Incident calls (<c>/api/v1/incidents</c>).</summary>
public sealed partial class FirebreakClient
{
    /// <summary>Declares an incident (<c>POST /api/v1/incidents</c>); operators only.</summary>
    /// <returns>The incident, and the classifier's suggestion when impact facts were given.</returns>
    public Task<DeclaredIncident> DeclareIncidentAsync(DeclareIncidentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<DeclareIncidentRequest, DeclaredIncident>(HttpMethod.Post, "api/v1/incidents", request, cancellationToken);
    }

    /// <summary>Lists incidents, newest first (<c>GET /api/v1/incidents</c>); every filter is optional.</summary>
    /// <param name="agentId">Only incidents involving this agent.</param>
    /// <param name="status">Only incidents in this status.</param>
    /// <param name="severity">Only incidents of this severity (any alias).</param>
    /// <param name="limit">At most this many; the server's default (50) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Incident>> ListIncidentsAsync(
        string? agentId = null, IncidentStatus? status = null, string? severity = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/incidents")
            .Add("agent", agentId)
            .Add("status", status?.ToString().ToLowerInvariant())
            .Add("severity", severity)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<Incident>>(query.ToString(), cancellationToken);
    }

    /// <summary>Gets an incident with its timeline, action items, messages and overdue flags (<c>GET /api/v1/incidents/{id}</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such incident.</exception>
    public Task<IncidentDetail> GetIncidentAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<IncidentDetail>($"api/v1/incidents/{Segment(id)}", cancellationToken);

    /// <summary>Moves an incident to another status (<c>POST /api/v1/incidents/{id}/status</c>).</summary>
    /// <exception cref="FirebreakApiException">409 naming the allowed moves when the move is not allowed.</exception>
    public Task<Incident> ChangeIncidentStatusAsync(string id, ChangeStatusRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ChangeStatusRequest, Incident>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/status", request, cancellationToken);
    }

    /// <summary>Acknowledges an incident's page, which stops its repeats and escalations (<c>POST /api/v1/incidents/{id}/page/ack</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when the incident has no page; 409 when it was already acknowledged or ended.</exception>
    public Task<IncidentPage> AcknowledgeIncidentPageAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<object, IncidentPage>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/page/ack", new { }, cancellationToken);

    /// <summary>Changes an incident's severity, with a reason (<c>POST /api/v1/incidents/{id}/severity</c>).</summary>
    public Task<Incident> ChangeIncidentSeverityAsync(string id, ChangeSeverityRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ChangeSeverityRequest, Incident>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/severity", request, cancellationToken);
    }

    /// <summary>Changes commander, scribe or responders (<c>POST /api/v1/incidents/{id}/roles</c>).</summary>
    public Task<Incident> AssignIncidentRolesAsync(string id, AssignRolesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<AssignRolesRequest, Incident>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/roles", request, cancellationToken);
    }

    /// <summary>Adds a note to the timeline (<c>POST /api/v1/incidents/{id}/notes</c>).</summary>
    public Task<IncidentTimelineEntry> AddIncidentNoteAsync(string id, string text, CancellationToken cancellationToken = default) =>
        SendAsync<AddNoteRequest, IncidentTimelineEntry>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/notes", new AddNoteRequest(text), cancellationToken);

    /// <summary>Renders the channel's template and records the message as sent (<c>POST /api/v1/incidents/{id}/communications</c>).</summary>
    /// <returns>The rendered message, to paste or forward.</returns>
    public Task<IncidentCommunication> SendIncidentUpdateAsync(string id, SendCommunicationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<SendCommunicationRequest, IncidentCommunication>(
            HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/communications", request, cancellationToken);
    }

    /// <summary>Gets the postmortem as Markdown (<c>GET /api/v1/incidents/{id}/postmortem</c>).</summary>
    public async Task<string> GetPostmortemAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, $"api/v1/incidents/{Segment(id)}/postmortem", content: null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Lists an incident's action items (<c>GET /api/v1/incidents/{id}/actions</c>).</summary>
    public Task<IReadOnlyList<IncidentActionItem>> ListIncidentActionItemsAsync(string id, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<IncidentActionItem>>($"api/v1/incidents/{Segment(id)}/actions", cancellationToken);

    /// <summary>Adds an action item (<c>POST /api/v1/incidents/{id}/actions</c>).</summary>
    public Task<IncidentActionItem> AddIncidentActionItemAsync(string id, ActionItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ActionItemRequest, IncidentActionItem>(HttpMethod.Post, $"api/v1/incidents/{Segment(id)}/actions", request, cancellationToken);
    }

    /// <summary>Replaces an action item (<c>PUT /api/v1/incidents/{id}/actions/{number}</c>).</summary>
    public Task<IncidentActionItem> UpdateIncidentActionItemAsync(string id, int number, ActionItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ActionItemRequest, IncidentActionItem>(
            HttpMethod.Put, $"api/v1/incidents/{Segment(id)}/actions/{number.ToString(CultureInfo.InvariantCulture)}", request, cancellationToken);
    }
}
