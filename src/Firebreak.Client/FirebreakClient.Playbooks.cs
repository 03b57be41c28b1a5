using System.Globalization;
using Firebreak.Playbooks;

namespace Firebreak.Client;

/// <summary>Playbook calls (<c>/api/v1/playbooks</c>, <c>/api/v1/agents/{id}/playbooks</c>).</summary>
public sealed partial class FirebreakClient
{
    /// <summary>An agent's playbooks as declared in the registry, in priority order (<c>GET /api/v1/agents/{id}/playbooks</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when the agent is not registered.</exception>
    public Task<IReadOnlyList<PlaybookDefinition>> ListPlaybooksAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<PlaybookDefinition>>($"api/v1/agents/{Segment(agentId)}/playbooks", cancellationToken);

    /// <summary>
    /// Applies one of an agent's playbooks now, or with <see cref="ApplyPlaybookRequest.DryRun"/> reports what each step
    /// would do (<c>POST /api/v1/playbooks/apply</c>); operators only. Control steps wait for enforcement points to confirm.
    /// </summary>
    /// <exception cref="FirebreakApiException">400 for an invalid request or playbook, 404 when the agent, playbook, alert or incident is unknown.</exception>
    public Task<PlaybookExecution> ApplyPlaybookAsync(ApplyPlaybookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ApplyPlaybookRequest, PlaybookExecution>(HttpMethod.Post, "api/v1/playbooks/apply", request, cancellationToken);
    }

    /// <summary>Playbook executions, newest first, of one agent or all, optionally only those answering one alert (<c>GET /api/v1/playbooks/executions</c>).</summary>
    public Task<IReadOnlyList<PlaybookExecution>> ListPlaybookExecutionsAsync(
        string? agentId = null, string? alertId = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/playbooks/executions")
            .Add("agent", agentId)
            .Add("alert", alertId)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<PlaybookExecution>>(query.ToString(), cancellationToken);
    }

    /// <summary>One playbook execution and what each step did (<c>GET /api/v1/playbooks/executions/{id}</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when it does not exist.</exception>
    public Task<PlaybookExecution> GetPlaybookExecutionAsync(string executionId, CancellationToken cancellationToken = default) =>
        GetAsync<PlaybookExecution>($"api/v1/playbooks/executions/{Segment(executionId)}", cancellationToken);
}
