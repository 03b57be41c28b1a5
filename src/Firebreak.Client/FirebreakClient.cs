using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Firebreak.Approvals;
using Firebreak.Auth;
using Firebreak.Control;
using Firebreak.Held;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Client;

/// <summary>
/// A typed client for the Firebreak HTTP API (<c>/api/v1</c>). Payloads use <see cref="FirebreakJson.Options"/>.
/// </summary>
/// <remarks>
/// Every call throws <see cref="FirebreakApiException"/> when the server answers with an error status,
/// <see cref="HttpRequestException"/> when the server cannot be reached, <see cref="JsonException"/> when a successful
/// response does not have the documented shape, and <see cref="OperationCanceledException"/> when cancelled or timed out.
/// The client is safe to use from several threads at once.
/// <para>
/// Given several server addresses (the nodes of one Firebreak cluster on a shared PostgreSQL database), the client sends
/// every request to one of them and moves to the next when a request to it fails with <see cref="HttpRequestException"/>
/// (the node is down or unreachable); that request still throws, and the caller's retry, like the guard's, goes to the
/// next node. Requests are never resent by the client itself, since a node may have applied one before it died.
/// </para>
/// </remarks>
public sealed partial class FirebreakClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri[] _addresses;
    private int _current;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly bool _ownsHttpClient;

    /// <summary>Wraps an <see cref="HttpClient"/> whose <see cref="HttpClient.BaseAddress"/> is the server's URL.</summary>
    /// <param name="httpClient">The client to send requests with; the caller keeps ownership and disposes it.</param>
    /// <param name="apiKey">
    /// Sent as <c>Authorization: Bearer &lt;key&gt;</c> on every request. When <see langword="null"/>, requests carry
    /// whatever authorization <paramref name="httpClient"/> already adds.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="httpClient"/> has no base address.</exception>
    public FirebreakClient(HttpClient httpClient, string? apiKey = null)
        : this(httpClient, apiKey, ownsHttpClient: false)
    {
    }

    /// <summary>Wraps an <see cref="HttpClient"/> for a cluster of Firebreak nodes; its base address, if any, is not used.</summary>
    /// <param name="httpClient">The client to send requests with; the caller keeps ownership and disposes it.</param>
    /// <param name="serverUrls">The nodes' URLs, such as <c>http://fb-1:5080</c>, tried in this order.</param>
    /// <param name="apiKey">Sent as <c>Authorization: Bearer &lt;key&gt;</c> on every request, as for <see cref="FirebreakClient(HttpClient, string?)"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUrls"/> is empty or holds a URL that is not absolute.</exception>
    public FirebreakClient(HttpClient httpClient, IReadOnlyList<Uri> serverUrls, string? apiKey = null)
        : this(httpClient, serverUrls, apiKey, ownsHttpClient: false)
    {
    }

    private FirebreakClient(HttpClient httpClient, string? apiKey, bool ownsHttpClient)
        : this(
            httpClient,
            [httpClient?.BaseAddress ?? throw new ArgumentException("Set HttpClient.BaseAddress to the Firebreak server URL, such as http://127.0.0.1:5080.", nameof(httpClient))],
            apiKey,
            ownsHttpClient)
    {
    }

    private FirebreakClient(HttpClient httpClient, IReadOnlyList<Uri> serverUrls, string? apiKey, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(serverUrls);
        if (serverUrls.Count == 0 || serverUrls.Any(url => url is not { IsAbsoluteUri: true }))
        {
            throw new ArgumentException("Give at least one server URL, each absolute, such as http://127.0.0.1:5080.", nameof(serverUrls));
        }

        // A base address without a trailing slash would lose its last path segment when resolving "api/v1/...".
        _addresses = [.. serverUrls.Select(url => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"))];
        _http = httpClient;
        _authorization = apiKey is null ? null : new AuthenticationHeaderValue("Bearer", apiKey);
        _ownsHttpClient = ownsHttpClient;
    }

    /// <summary>The server this client sends its requests to now: the first address, until a request to it fails.</summary>
    public Uri ServerUrl => _addresses[Volatile.Read(ref _current)];

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, disposed with the client.</summary>
    /// <param name="serverUrl">The server's URL, such as <c>http://127.0.0.1:5080</c>.</param>
    /// <param name="apiKey">The API key to send as a bearer token; <see langword="null"/> for anonymous calls such as <see cref="GetHealthAsync"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUrl"/> is not an absolute URL.</exception>
    public static FirebreakClient Create(Uri serverUrl, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(serverUrl);
        if (!serverUrl.IsAbsoluteUri)
        {
            throw new ArgumentException("The server URL must be absolute, such as http://127.0.0.1:5080.", nameof(serverUrl));
        }

        return new FirebreakClient(new HttpClient { BaseAddress = serverUrl }, apiKey, ownsHttpClient: true);
    }

    /// <summary>Creates a client for a cluster of Firebreak nodes, with its own <see cref="HttpClient"/>, disposed with the client.</summary>
    /// <param name="serverUrls">The nodes' URLs, tried in this order; the client moves to the next when one is down.</param>
    /// <param name="apiKey">The API key to send as a bearer token; <see langword="null"/> for anonymous calls.</param>
    /// <exception cref="ArgumentException"><paramref name="serverUrls"/> is empty or holds a URL that is not absolute.</exception>
    public static FirebreakClient Create(IReadOnlyList<Uri> serverUrls, string? apiKey) =>
        new(new HttpClient(), serverUrls, apiKey, ownsHttpClient: true);

    /// <summary>Checks that the server is up (<c>GET /health</c>, anonymous).</summary>
    /// <returns>The reported status, <c>ok</c> when healthy.</returns>
    public async Task<string> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, "health", content: null, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.ValueKind is JsonValueKind.Object
            && document.RootElement.TryGetProperty("status", out var status)
            && status.ValueKind is JsonValueKind.String
                ? status.GetString()!
                : throw new JsonException("The health response has no status.");
    }

    /// <summary>Lists the registered agents (<c>GET /api/v1/agents</c>).</summary>
    public Task<IReadOnlyList<AgentDefinition>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<AgentDefinition>>("api/v1/agents", cancellationToken);

    /// <summary>
    /// Lists the tools an agent's MCP upstreams offered through the gateway when an agent session last listed them, marking
    /// those its catalog does not declare, and each upstream's state (<c>GET /api/v1/agents/{id}/mcp-tools</c>). Never starts
    /// an upstream: before an agent session has, the upstreams are <see cref="McpUpstreamState.NotStarted"/> and no tools are known.
    /// </summary>
    /// <exception cref="FirebreakApiException">404 when the agent declares no MCP upstreams.</exception>
    public Task<McpToolsListing> ListMcpToolsAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<McpToolsListing>($"api/v1/agents/{Segment(agentId)}/mcp-tools", cancellationToken);

    /// <summary>
    /// Gets one agent and its tool catalog (<c>GET /api/v1/agents/{id}</c>). Upstream <c>env</c> values come back as
    /// <c>***</c>; passing the agent back to <see cref="PutAgentAsync"/> keeps the stored values.
    /// </summary>
    /// <exception cref="FirebreakApiException">404 when the agent is not registered.</exception>
    public Task<AgentDefinition> GetAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<AgentDefinition>($"api/v1/agents/{Segment(agentId)}", cancellationToken);

    /// <summary>
    /// Registers an agent or replaces its definition (<c>PUT /api/v1/agents/{id}</c>), waiting the server's default
    /// confirmation timeout. An upstream <c>env</c> value sent as <c>***</c> keeps the value
    /// stored for that key while the upstream's command and args are unchanged.
    /// </summary>
    /// <returns>The agent as stored, its upstream <c>env</c> values redacted.</returns>
    /// <exception cref="FirebreakApiException">
    /// 400 with field errors when the definition is invalid, when a stdio upstream's command is neither declared so by the
    /// server's registry file nor allowed by its <c>Firebreak:Mcp:AllowedCommands</c>, or when a redaction marker has no
    /// stored value to keep; 409 while the agent is frozen.
    /// </exception>
    public async Task<AgentDefinition> PutAgentAsync(AgentDefinition agent, CancellationToken cancellationToken = default) =>
        (await RegisterAgentAsync(agent, null, cancellationToken)).Agent;

    /// <summary>
    /// Registers an agent or replaces its definition (<c>PUT /api/v1/agents/{id}</c>). A changed definition is a control
    /// change: it takes an epoch, reaches the agent's enforcement points, and the answer says which applied it.
    /// </summary>
    /// <param name="agent">The new definition.</param>
    /// <param name="wait">How long the server waits for the agent's enforcement points to confirm (at most 30 s); the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The agent as stored and the control change, <see langword="null"/> when the definition was already stored exactly so.</returns>
    /// <exception cref="FirebreakApiException">400 with field errors when the definition is invalid or refused (see <see cref="PutAgentAsync"/>); 409 while the agent is frozen.</exception>
    public Task<AgentRegistration> RegisterAgentAsync(AgentDefinition agent, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var path = new QueryBuilder($"api/v1/agents/{Segment(agent.Id)}").Add("wait", Milliseconds(wait)).ToString();
        return SendAsync<AgentDefinition, AgentRegistration>(HttpMethod.Put, path, agent, cancellationToken);
    }

    /// <summary>Starts a run (<c>POST /api/v1/runs</c>). The server assigns the run id and correlation id when not given.</summary>
    public Task<RunRecord> StartRunAsync(StartRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<StartRunRequest, RunRecord>(HttpMethod.Post, "api/v1/runs", request, cancellationToken);
    }

    /// <summary>Lists runs, newest first (<c>GET /api/v1/runs</c>).</summary>
    /// <param name="agentId">Only runs of this agent.</param>
    /// <param name="limit">At most this many runs; the server's default when <see langword="null"/>.</param>
    /// <param name="before">Only runs started before this time, to page back from the last run of the previous page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(
        string? agentId = null,
        int? limit = null,
        DateTimeOffset? before = null,
        CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/runs")
            .Add("agent", agentId)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture))
            .Add("before", before?.ToString("O", CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<RunRecord>>(query.ToString(), cancellationToken);
    }

    /// <summary>Gets one run (<c>GET /api/v1/runs/{id}</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such run.</exception>
    public Task<RunRecord> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        GetAsync<RunRecord>($"api/v1/runs/{Segment(runId)}", cancellationToken);

    /// <summary>Appends a step to a run's decision trace (<c>POST /api/v1/runs/{id}/steps</c>).</summary>
    /// <returns>The trace item as written to the ledger.</returns>
    public Task<TraceItem> AppendStepAsync(string runId, AppendStepRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<AppendStepRequest, TraceItem>(HttpMethod.Post, $"api/v1/runs/{Segment(runId)}/steps", request, cancellationToken);
    }

    /// <summary>Ends a run with a final status (<c>POST /api/v1/runs/{id}/end</c>).</summary>
    public Task<RunRecord> EndRunAsync(string runId, EndRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<EndRunRequest, RunRecord>(HttpMethod.Post, $"api/v1/runs/{Segment(runId)}/end", request, cancellationToken);
    }

    /// <summary>Gets a run's decision trace in ledger order (<c>GET /api/v1/runs/{id}/trace</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such run.</exception>
    public Task<DecisionTrace> GetTraceAsync(string runId, CancellationToken cancellationToken = default) =>
        GetAsync<DecisionTrace>($"api/v1/runs/{Segment(runId)}/trace", cancellationToken);

    /// <summary>Gets the decision trace of every run sharing a correlation id, oldest first (<c>GET /api/v1/traces/{correlationId}</c>).</summary>
    public Task<IReadOnlyList<DecisionTrace>> GetTracesByCorrelationAsync(string correlationId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<DecisionTrace>>($"api/v1/traces/{Segment(correlationId)}", cancellationToken);

    /// <summary>Records a tool call with side effects, before it executes for risky tools (<c>POST /api/v1/actions</c>).</summary>
    /// <returns>The stored action, and whether this call created it or found the same key with identical arguments.</returns>
    /// <exception cref="FirebreakApiException">409 when the idempotency key was already used with different arguments.</exception>
    public async Task<RecordActionResult> RecordActionAsync(RecordActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var response = await SendAsync(HttpMethod.Post, "api/v1/actions", Json(request), cancellationToken);
        var action = await ReadAsync<ActionRecord>(response, cancellationToken);
        return new RecordActionResult(action, response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary>Records the final outcome of a pending action (<c>POST /api/v1/actions/complete</c>).</summary>
    public Task<ActionRecord> CompleteActionAsync(CompleteActionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CompleteActionRequest, ActionRecord>(HttpMethod.Post, "api/v1/actions/complete", request, cancellationToken);
    }

    /// <summary>Lists recorded actions (<c>GET /api/v1/actions</c>).</summary>
    /// <param name="agentId">Only actions of this agent.</param>
    /// <param name="runId">Only actions of this run.</param>
    /// <param name="limit">At most this many actions; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<ActionRecord>> ListActionsAsync(
        string? agentId = null,
        string? runId = null,
        int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/actions")
            .Add("agent", agentId)
            .Add("runId", runId)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<ActionRecord>>(query.ToString(), cancellationToken);
    }

    /// <summary>Recomputes the ledger's hash chain on the server (<c>GET /api/v1/ledger/verify</c>).</summary>
    /// <returns>Whether the chain is intact, and if not the first broken entry. A broken chain is a result, not an exception.</returns>
    public Task<LedgerVerification> VerifyLedgerAsync(CancellationToken cancellationToken = default) =>
        GetAsync<LedgerVerification>("api/v1/ledger/verify", cancellationToken);

    /// <summary>
    /// Audits the ledger in full (<c>POST /api/v1/ledger/verify</c>): the hash chain, the given anchors kept outside the
    /// server (their signatures checked against the pinned key), and the derived tables against the ledger entries.
    /// </summary>
    public Task<LedgerAudit> AuditLedgerAsync(LedgerAuditRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<LedgerAuditRequest, LedgerAudit>(HttpMethod.Post, "api/v1/ledger/verify", request, cancellationToken);
    }

    /// <summary>Signs the ledger head now and publishes the anchor (<c>POST /api/v1/ledger/anchors</c>).</summary>
    public Task<LedgerAnchor> AnchorLedgerAsync(CancellationToken cancellationToken = default) =>
        SendAsync<object, LedgerAnchor>(HttpMethod.Post, "api/v1/ledger/anchors", new { }, cancellationToken);

    /// <summary>The public key anchors are signed with (<c>GET /api/v1/ledger/anchors/key</c>).</summary>
    public Task<LedgerAnchorKey> GetLedgerAnchorKeyAsync(CancellationToken cancellationToken = default) =>
        GetAsync<LedgerAnchorKey>("api/v1/ledger/anchors/key", cancellationToken);

    /// <summary>Creates an API key (<c>POST /api/v1/keys</c>).</summary>
    /// <returns>The key with its secret in plain text; the server never shows the secret again.</returns>
    public Task<CreatedApiKey> CreateApiKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CreateApiKeyRequest, CreatedApiKey>(HttpMethod.Post, "api/v1/keys", request, cancellationToken);
    }

    /// <summary>Lists API keys, revoked ones included, without their secrets (<c>GET /api/v1/keys</c>).</summary>
    public Task<IReadOnlyList<ApiKeyInfo>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ApiKeyInfo>>("api/v1/keys", cancellationToken);

    /// <summary>Revokes an API key (<c>DELETE /api/v1/keys/{id}</c>); requests with it fail from then on.</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such key.</exception>
    public async Task RevokeApiKeyAsync(string keyId, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"api/v1/keys/{Segment(keyId)}", content: null, cancellationToken);
    }

    /// <summary>Changes containment (<c>POST /api/v1/control/changes</c>, operator only) and waits for enforcement points to confirm.</summary>
    /// <param name="request">The change.</param>
    /// <param name="wait">How long the server waits for confirmations; the server's default (2 s) when <see langword="null"/>, no wait when zero.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored change and which points applied it.</returns>
    /// <exception cref="FirebreakApiException">400 when invalid, 403 for a non-operator key, 404 for an unknown agent or tool, 409 for a frozen agent.</exception>
    public async Task<ControlChangeResult> ChangeControlAsync(ControlChangeRequest request, TimeSpan? wait = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = new QueryBuilder("api/v1/control/changes").Add("wait", Milliseconds(wait)).ToString();
        return await SendAsync<ControlChangeRequest, ControlChangeResult>(HttpMethod.Post, path, request, cancellationToken);
    }

    /// <summary>Lists control changes, newest first (<c>GET /api/v1/control/changes</c>).</summary>
    /// <param name="agentId">Only changes reaching this agent.</param>
    /// <param name="limit">At most this many; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<RecordedControlChange>> ListControlChangesAsync(string? agentId = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/control/changes")
            .Add("agent", agentId)
            .Add("limit", limit?.ToString(CultureInfo.InvariantCulture));
        return GetAsync<IReadOnlyList<RecordedControlChange>>(query.ToString(), cancellationToken);
    }

    /// <summary>Gets the current control state (<c>GET /api/v1/control/snapshot</c>).</summary>
    /// <param name="agentId">Filter to the global and this agent's settings; an agent key always gets its own agent's view.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ControlSnapshot> GetControlSnapshotAsync(string? agentId = null, CancellationToken cancellationToken = default) =>
        GetAsync<ControlSnapshot>(new QueryBuilder("api/v1/control/snapshot").Add("agent", agentId).ToString(), cancellationToken);

    /// <summary>Acknowledges that an enforcement point swapped in a snapshot (<c>POST /api/v1/control/ack</c>).</summary>
    public async Task AcknowledgeControlAsync(ControlAck ack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        using var response = await SendAsync(HttpMethod.Post, "api/v1/control/ack", Json(ack), cancellationToken);
    }

    /// <summary>Lists the enforcement points the server knows, with the epoch each applied (<c>GET /api/v1/enforcement-points</c>).</summary>
    public Task<IReadOnlyList<EnforcementPointInfo>> ListEnforcementPointsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<EnforcementPointInfo>>("api/v1/enforcement-points", cancellationToken);

    /// <summary>Asks a human to approve a tool call (<c>POST /api/v1/approvals</c>).</summary>
    /// <returns>The pending approval, or an approved one at once when a standing rule covers the call.</returns>
    public Task<Approval> CreateApprovalAsync(ApprovalRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<ApprovalRequest, Approval>(HttpMethod.Post, "api/v1/approvals", request, cancellationToken);
    }

    /// <summary>Gets an approval (<c>GET /api/v1/approvals/{id}</c>), long-polling while it is pending.</summary>
    /// <param name="approvalId">The approval.</param>
    /// <param name="wait">How long the server holds the request while the approval is pending; <see langword="null"/> answers at once.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="FirebreakApiException">404 when there is no such approval.</exception>
    public Task<Approval> GetApprovalAsync(string approvalId, TimeSpan? wait = null, CancellationToken cancellationToken = default) =>
        GetAsync<Approval>(new QueryBuilder($"api/v1/approvals/{Segment(approvalId)}").Add("wait", Milliseconds(wait)).ToString(), cancellationToken);

    /// <summary>Lists approvals (<c>GET /api/v1/approvals</c>).</summary>
    /// <param name="status">Only approvals in this state, such as <see cref="ApprovalStatus.Pending"/>.</param>
    /// <param name="agentId">Only approvals of this agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<Approval>> ListApprovalsAsync(ApprovalStatus? status = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/approvals")
            .Add("status", status is { } value ? JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()) : null)
            .Add("agent", agentId);
        return GetAsync<IReadOnlyList<Approval>>(query.ToString(), cancellationToken);
    }

    /// <summary>Approves a pending call (<c>POST /api/v1/approvals/{id}/approve</c>, operator only).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such approval, 409 when it is already decided.</exception>
    public Task<Approval> ApproveAsync(string approvalId, ApprovalDecisionRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<ApprovalDecisionRequest, Approval>(HttpMethod.Post, $"api/v1/approvals/{Segment(approvalId)}/approve", request ?? new ApprovalDecisionRequest(), cancellationToken);

    /// <summary>Denies a pending call (<c>POST /api/v1/approvals/{id}/deny</c>, operator only).</summary>
    /// <exception cref="FirebreakApiException">404 when there is no such approval, 409 when it is already decided.</exception>
    public Task<Approval> DenyAsync(string approvalId, ApprovalDecisionRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<ApprovalDecisionRequest, Approval>(HttpMethod.Post, $"api/v1/approvals/{Segment(approvalId)}/deny", request ?? new ApprovalDecisionRequest(), cancellationToken);

    /// <summary>Sets a standing approval rule (<c>POST /api/v1/approvals/rules</c>, operator only).</summary>
    /// <returns>The rule as stored, with its id and who set it.</returns>
    public Task<ApprovalRule> CreateStandingRuleAsync(StandingRuleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<StandingRuleRequest, ApprovalRule>(HttpMethod.Post, "api/v1/approvals/rules", request, cancellationToken);
    }

    /// <summary>Holds the input of a run that a pause kept from starting (<c>POST /api/v1/held</c>).</summary>
    public Task<HeldItem> HoldAsync(HeldItemRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<HeldItemRequest, HeldItem>(HttpMethod.Post, "api/v1/held", request, cancellationToken);
    }

    /// <summary>Lists held items (<c>GET /api/v1/held</c>).</summary>
    /// <param name="status">Only items in this state, such as <see cref="HeldItemStatus.Held"/>.</param>
    /// <param name="agentId">Only items of this agent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<HeldItem>> ListHeldAsync(HeldItemStatus? status = null, string? agentId = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryBuilder("api/v1/held")
            .Add("status", status is { } value ? JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()) : null)
            .Add("agent", agentId);
        return GetAsync<IReadOnlyList<HeldItem>>(query.ToString(), cancellationToken);
    }

    /// <summary>Releases a held item to the agent's enforcement points (<c>POST /api/v1/held/{id}/release</c>, operator only).</summary>
    public Task<HeldItem> ReleaseHeldAsync(string heldId, HeldDecisionRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<HeldDecisionRequest, HeldItem>(HttpMethod.Post, $"api/v1/held/{Segment(heldId)}/release", request ?? new HeldDecisionRequest(), cancellationToken);

    /// <summary>Discards a held item (<c>POST /api/v1/held/{id}/discard</c>, operator only).</summary>
    public Task<HeldItem> DiscardHeldAsync(string heldId, HeldDecisionRequest? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<HeldDecisionRequest, HeldItem>(HttpMethod.Post, $"api/v1/held/{Segment(heldId)}/discard", request ?? new HeldDecisionRequest(), cancellationToken);

    /// <summary>Claims a released item for processing, so it is delivered once (<c>POST /api/v1/held/{id}/delivered</c>).</summary>
    /// <exception cref="FirebreakApiException">409 when another enforcement point already took it.</exception>
    public Task<HeldItem> MarkHeldDeliveredAsync(string heldId, HeldDeliveryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<HeldDeliveryRequest, HeldItem>(HttpMethod.Post, $"api/v1/held/{Segment(heldId)}/delivered", request, cancellationToken);
    }

    /// <summary>Opens the control stream (<c>GET /api/v1/control/stream</c>); the caller reads and disposes the response.</summary>
    internal async Task<HttpResponseMessage> OpenControlStreamAsync(
        string pointId,
        string? agentId,
        string? version,
        string? host,
        string? lastEventId,
        CancellationToken cancellationToken)
    {
        var path = new QueryBuilder("api/v1/control/stream")
            .Add("pointId", pointId)
            .Add("agent", agentId)
            .Add("version", version)
            .Add("host", host)
            .ToString();
        var node = Volatile.Read(ref _current);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_addresses[node], path));
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await SendToAsync(node, request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemResponse.ReadAsync(response, cancellationToken);
        }
    }

    /// <summary>Disposes the <see cref="HttpClient"/> when one of the <c>Create</c> methods made it; a client passed in is left to its owner.</summary>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static string? Milliseconds(TimeSpan? value) =>
        value is { } wait ? ((long)wait.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null;

    private static JsonContent Json<TBody>(TBody body) => JsonContent.Create(body, options: FirebreakJson.Options);

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(FirebreakJson.Options, cancellationToken)
            ?? throw new JsonException($"The server answered {(int)response.StatusCode} with an empty body where {typeof(T).Name} was expected.");

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, path, content: null, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<TResponse> SendAsync<TBody, TResponse>(HttpMethod method, string path, TBody body, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, path, Json(body), cancellationToken);
        return await ReadAsync<TResponse>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var node = Volatile.Read(ref _current);
        using var request = new HttpRequestMessage(method, new Uri(_addresses[node], path)) { Content = content };
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        var response = await SendToAsync(node, request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemResponse.ReadAsync(response, cancellationToken);
        }
    }

    /// <summary>Sends <paramref name="request"/> to node <paramref name="node"/>; when that node cannot be reached, the next requests go to the next one.</summary>
    private async Task<HttpResponseMessage> SendToAsync(int node, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            FailOver(node);
            throw;
        }
    }

    /// <summary>
    /// Moves on from <paramref name="failed"/>, unless another request already did: calls that fail together on one dead
    /// node move the client one node on, not one node each.
    /// </summary>
    private void FailOver(int failed)
    {
        if (_addresses.Length > 1)
        {
            Interlocked.CompareExchange(ref _current, (failed + 1) % _addresses.Length, failed);
        }
    }

    private sealed class QueryBuilder(string path)
    {
        private readonly StringBuilder _text = new(path);
        private char _separator = '?';

        public QueryBuilder Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                _text.Append(_separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                _separator = '&';
            }

            return this;
        }

        public override string ToString() => _text.ToString();
    }
}
