using System.Globalization;
using Firebreak.GameDays;
using Firebreak.Ledger;
using Firebreak.Readiness;

namespace Firebreak.Client;

/// <summary>Drill records (<c>/api/v1/gamedays</c>) and the server's readiness facts.</summary>
public sealed partial class FirebreakClient
{
    /// <summary>Stores a drill report (<c>POST /api/v1/gamedays</c>); operators only.</summary>
    /// <returns>The record, with its id and who recorded it.</returns>
    /// <exception cref="FirebreakApiException">400 when the report is invalid (a verdict that contradicts its checks, say), 404 for an unregistered agent.</exception>
    public Task<GameDayRecord> RecordGameDayAsync(GameDayReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        return SendAsync<GameDayReport, GameDayRecord>(HttpMethod.Post, "api/v1/gamedays", report, cancellationToken);
    }

    /// <summary>Lists drill records, newest first (<c>GET /api/v1/gamedays</c>); every filter is optional.</summary>
    /// <param name="agentId">Only drills of this agent.</param>
    /// <param name="scenario">Only drills of this scenario, e.g. <c>kill-switch</c>.</param>
    /// <param name="limit">At most this many; the server's default (50) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<GameDayRecord>> ListGameDaysAsync(string? agentId = null, string? scenario = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/gamedays")
            .Add("agent", agentId)
            .Add("scenario", scenario)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<GameDayRecord>>(query.ToString(), cancellationToken);
    }

    /// <summary>The server's side of the readiness checklist (<c>GET /api/v1/readiness/server</c>): how long decision traces are kept.</summary>
    public Task<ServerReadiness> GetServerReadinessAsync(CancellationToken cancellationToken = default) =>
        GetAsync<ServerReadiness>("api/v1/readiness/server", cancellationToken);

    /// <summary>Pages back through an agent's actions, newest first (<c>GET /api/v1/actions?before=</c>).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="beforeSeq">Only actions with a ledger sequence number below this one; <see langword="null"/> for the newest.</param>
    /// <param name="limit">At most this many (1 to 500).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<ActionRecord>> ListActionsBeforeAsync(string agentId, long? beforeSeq, int limit, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/actions")
            .Add("agent", agentId)
            .Add("before", beforeSeq?.ToString(CultureInfo.InvariantCulture))
            .Add("limit", limit.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<ActionRecord>>(query.ToString(), cancellationToken);
    }
}
