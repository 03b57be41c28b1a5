using System.Globalization;
using Firebreak.Detection;

namespace Firebreak.Client;

/// <summary>Alert calls (<c>/api/v1/alerts</c>).</summary>
public sealed partial class FirebreakClient
{
    /// <summary>Lists alerts raised by detectors, newest first (<c>GET /api/v1/alerts</c>).</summary>
    /// <param name="agentId">Only this agent's alerts.</param>
    /// <param name="status">Only alerts in this status.</param>
    /// <param name="since">Only alerts last seen at or after this time.</param>
    /// <param name="limit">At most this many (1 to 500).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Alert>> ListAlertsAsync(
        string? agentId = null, AlertStatus? status = null, DateTimeOffset? since = null, int limit = 50, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/alerts")
            .Add("agent", agentId)
            .Add("status", status?.ToString().ToLowerInvariant())
            .Add("since", since?.ToString("O", CultureInfo.InvariantCulture))
            .Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<Alert>>(query.ToString(), cancellationToken);
    }

    /// <summary>Gets one alert with its evidence (<c>GET /api/v1/alerts/{id}</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such alert.</exception>
    public Task<Alert> GetAlertAsync(string alertId, CancellationToken cancellationToken = default) =>
        GetAsync<Alert>($"api/v1/alerts/{Segment(alertId)}", cancellationToken);

    /// <summary>Acknowledges an alert (<c>POST /api/v1/alerts/{id}/acknowledge</c>); operators only.</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such alert, 409 when it is resolved.</exception>
    public Task<Alert> AcknowledgeAlertAsync(string alertId, CancellationToken cancellationToken = default) =>
        PostAlertAsync(alertId, "acknowledge", cancellationToken);

    /// <summary>Resolves an alert (<c>POST /api/v1/alerts/{id}/resolve</c>); operators only. The same finding raises a new alert afterwards.</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such alert.</exception>
    public Task<Alert> ResolveAlertAsync(string alertId, CancellationToken cancellationToken = default) =>
        PostAlertAsync(alertId, "resolve", cancellationToken);

    private async Task<Alert> PostAlertAsync(string alertId, string verb, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"api/v1/alerts/{Segment(alertId)}/{verb}", content: null, cancellationToken);
        return await ReadAsync<Alert>(response, cancellationToken);
    }
}
