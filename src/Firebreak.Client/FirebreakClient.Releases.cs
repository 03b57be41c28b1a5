using System.Globalization;
using Firebreak.Regression;
using Firebreak.Releases;

namespace Firebreak.Client;

public sealed partial class FirebreakClient
{
    /// <summary>Stores a release (<c>POST /api/v1/releases</c>); the same content again returns the stored release.</summary>
    /// <exception cref="FirebreakApiException">400 when invalid, 403 for a non-operator key, 404 for an unknown agent or parent.</exception>
    public Task<Release> CreateReleaseAsync(CreateReleaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CreateReleaseRequest, Release>(HttpMethod.Post, "api/v1/releases", request, cancellationToken);
    }

    /// <summary>Lists an agent's releases, newest first (<c>GET /api/v1/releases</c>).</summary>
    public Task<IReadOnlyList<Release>> ListReleasesAsync(string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Release>>(
            new QueryBuilder("api/v1/releases").Add("agent", agentId).Add("limit", limit?.ToString(CultureInfo.InvariantCulture)).ToString(),
            cancellationToken);

    /// <summary>Gets a release by id or unique prefix of at least 8 characters (<c>GET /api/v1/releases/{id}</c>).</summary>
    /// <param name="id">The release id or prefix.</param>
    /// <param name="agentId">Resolve the prefix among this agent's releases only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<Release> GetReleaseAsync(string id, string? agentId = null, CancellationToken cancellationToken = default) =>
        GetAsync<Release>(new QueryBuilder($"api/v1/releases/{Segment(id)}").Add("agent", agentId).ToString(), cancellationToken);

    /// <summary>What differs between two releases (<c>GET /api/v1/releases/diff</c>).</summary>
    public Task<IReadOnlyList<ReleaseDiffEntry>> DiffReleasesAsync(string from, string to, string? agentId = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ReleaseDiffEntry>>(
            new QueryBuilder("api/v1/releases/diff").Add("from", from).Add("to", to).Add("agent", agentId).ToString(),
            cancellationToken);

    /// <summary>An agent's active and last-known-good releases (<c>GET /api/v1/agents/{agent}/releases/state</c>).</summary>
    public Task<AgentReleaseState> GetReleaseStateAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<AgentReleaseState>($"api/v1/agents/{Segment(agentId)}/releases/state", cancellationToken);

    /// <summary>An agent's activation history, newest first (<c>GET /api/v1/agents/{agent}/releases/history</c>).</summary>
    public Task<IReadOnlyList<ReleaseActivation>> ListActivationsAsync(string agentId, int? limit = null, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ReleaseActivation>>(
            new QueryBuilder($"api/v1/agents/{Segment(agentId)}/releases/history").Add("limit", limit?.ToString(CultureInfo.InvariantCulture)).ToString(),
            cancellationToken);

    /// <summary>Promotes a release behind the regression gate (<c>POST /api/v1/agents/{agent}/releases/activate</c>).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">The release and why.</param>
    /// <param name="wait">How long the server waits for confirmations; its default (2 s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FirebreakApiException">409 when the agent is frozen or the regression gate refuses (the detail names the failing cases).</exception>
    public Task<ActivationResult> ActivateReleaseAsync(string agentId, ActivateReleaseRequest request, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = new QueryBuilder($"api/v1/agents/{Segment(agentId)}/releases/activate").Add("wait", Milliseconds(wait)).ToString();
        return SendAsync<ActivateReleaseRequest, ActivationResult>(HttpMethod.Post, path, request, cancellationToken);
    }

    /// <summary>Rolls back to the last-known-good or a named release (<c>POST /api/v1/agents/{agent}/releases/rollback</c>).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="request">Where to and why.</param>
    /// <param name="wait">How long the server waits for confirmations; its default (2 s) when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FirebreakApiException">409 when the agent is frozen or there is nothing to roll back to.</exception>
    public Task<ActivationResult> RollbackReleaseAsync(string agentId, RollbackRequest request, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = new QueryBuilder($"api/v1/agents/{Segment(agentId)}/releases/rollback").Add("wait", Milliseconds(wait)).ToString();
        return SendAsync<RollbackRequest, ActivationResult>(HttpMethod.Post, path, request, cancellationToken);
    }

    /// <summary>Captures a run as a regression case (<c>POST /api/v1/regression/cases</c>).</summary>
    public Task<RegressionCase> CreateRegressionCaseAsync(CreateRegressionCaseRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CreateRegressionCaseRequest, RegressionCase>(HttpMethod.Post, "api/v1/regression/cases", request, cancellationToken);
    }

    /// <summary>An agent's regression cases, oldest first (<c>GET /api/v1/regression/cases</c>).</summary>
    public Task<IReadOnlyList<RegressionCase>> ListRegressionCasesAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<RegressionCase>>(new QueryBuilder("api/v1/regression/cases").Add("agent", agentId).ToString(), cancellationToken);

    /// <summary>
    /// Reports how a case fared on a release (<c>POST /api/v1/regression/results</c>). Needs an operator key or a ci key
    /// bound to the case's agent; the agent's own key is refused (403).
    /// </summary>
    public Task<RegressionResult> ReportRegressionResultAsync(RegressionResultRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<RegressionResultRequest, RegressionResult>(HttpMethod.Post, "api/v1/regression/results", request, cancellationToken);
    }

    /// <summary>The regression gate on a release: every case and how it stands (<c>GET /api/v1/regression/gate</c>).</summary>
    public Task<GateReport> GetRegressionGateAsync(string agentId, string releaseId, CancellationToken cancellationToken = default) =>
        GetAsync<GateReport>(new QueryBuilder("api/v1/regression/gate").Add("agent", agentId).Add("release", releaseId).ToString(), cancellationToken);

    /// <summary>Starts a gradual restore behind the regression gate (<c>POST /api/v1/agents/{agent}/restores</c>).</summary>
    /// <exception cref="FirebreakApiException">409 when the agent is frozen, has no active release, has a restore open, or the gate refuses.</exception>
    public Task<Restore> StartRestoreAsync(string agentId, RestoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<RestoreRequest, Restore>(HttpMethod.Post, $"api/v1/agents/{Segment(agentId)}/restores", request, cancellationToken);
    }

    /// <summary>An agent's gradual restores, newest first (<c>GET /api/v1/agents/{agent}/restores</c>).</summary>
    public Task<IReadOnlyList<Restore>> ListRestoresAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Restore>>($"api/v1/agents/{Segment(agentId)}/restores", cancellationToken);

    /// <summary>A gradual restore with its decisions (<c>GET /api/v1/restores/{id}</c>).</summary>
    public Task<Restore> GetRestoreAsync(string restoreId, CancellationToken cancellationToken = default) =>
        GetAsync<Restore>($"api/v1/restores/{Segment(restoreId)}", cancellationToken);

    /// <summary>Aborts a gradual restore: every new run goes back to the baseline (<c>POST /api/v1/restores/{id}/abort</c>).</summary>
    public Task<Restore> AbortRestoreAsync(string restoreId, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<RestoreDecisionRequest, Restore>(HttpMethod.Post, $"api/v1/restores/{Segment(restoreId)}/abort", new RestoreDecisionRequest(reason), cancellationToken);

    /// <summary>Resumes a paused gradual restore (<c>POST /api/v1/restores/{id}/resume</c>).</summary>
    public Task<Restore> ResumeRestoreAsync(string restoreId, string reason, CancellationToken cancellationToken = default) =>
        SendAsync<RestoreDecisionRequest, Restore>(HttpMethod.Post, $"api/v1/restores/{Segment(restoreId)}/resume", new RestoreDecisionRequest(reason), cancellationToken);
}
