using Firebreak.Auth;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
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
/// </remarks>
public sealed partial class FirebreakClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
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

    private FirebreakClient(HttpClient httpClient, string? apiKey, bool ownsHttpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var baseAddress = httpClient.BaseAddress
            ?? throw new ArgumentException("Set HttpClient.BaseAddress to the Firebreak server URL, such as http://127.0.0.1:5080.", nameof(httpClient));

        // A base address without a trailing slash would lose its last path segment when resolving "api/v1/...".
        _baseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = httpClient;
        _authorization = apiKey is null ? null : new AuthenticationHeaderValue("Bearer", apiKey);
        _ownsHttpClient = ownsHttpClient;
    }

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

    /// <summary>Gets one agent and its tool catalog (<c>GET /api/v1/agents/{id}</c>).</summary>
    /// <exception cref="FirebreakApiException">404 when the agent is not registered.</exception>
    public Task<AgentDefinition> GetAgentAsync(string agentId, CancellationToken cancellationToken = default) =>
        GetAsync<AgentDefinition>($"api/v1/agents/{Segment(agentId)}", cancellationToken);

    /// <summary>Registers an agent or replaces its definition (<c>PUT /api/v1/agents/{id}</c>).</summary>
    /// <returns>The agent as stored.</returns>
    /// <exception cref="FirebreakApiException">400 with field errors when the definition is invalid.</exception>
    public Task<AgentDefinition> PutAgentAsync(AgentDefinition agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return SendAsync<AgentDefinition, AgentDefinition>(HttpMethod.Put, $"api/v1/agents/{Segment(agent.Id)}", agent, cancellationToken);
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

    /// <summary>Disposes the <see cref="HttpClient"/> when <see cref="Create"/> made it; a client passed in is left to its owner.</summary>
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
        using var request = new HttpRequestMessage(method, new Uri(_baseAddress, path)) { Content = content };
        request.Headers.Authorization = _authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemResponse.ReadAsync(response, cancellationToken);
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
