using System.Net.Http.Json;
using Firebreak.Auth;
using Firebreak.Serialization;
using ModelContextProtocol.Client;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary>
/// The Firebreak server as a real OS process, configured through its environment as <c>scripts/start.sh</c> does, so its
/// upstream MCP servers are its children and see whatever it passes them. Disposing it kills the whole process tree.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private GatewayProcess(ServiceProcess process, string operatorKey)
    {
        _process = process;
        OperatorKey = operatorKey;
    }

    public Uri Address => _process.Address;

    public string OperatorKey { get; }

    /// <summary>Starts the server with <paramref name="environment"/> added to this process's own, the bootstrap operator key among it.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var operatorKey = environment.TryGetValue("Firebreak__BootstrapOperatorKey", out var key)
            ? key
            : throw new ArgumentException("Set Firebreak__BootstrapOperatorKey: the tests act as that operator.", nameof(environment));
        return new GatewayProcess(await ServiceProcess.StartServerAsync(new Dictionary<string, string>(), cancellationToken, environment), operatorKey);
    }

    public HttpClient Client(string key) => _process.Client(key, TimeSpan.FromSeconds(60));

    public async Task<string> CreateKeyAsync(CreateApiKeyRequest request, CancellationToken cancellationToken)
    {
        using var client = Client(OperatorKey);
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/keys", UriKind.Relative), request, FirebreakJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(FirebreakJson.Options, cancellationToken))!.Key;
    }

    /// <summary>An MCP client on the official C# SDK, connected to <c>/mcp/{agentId}</c> with <paramref name="key"/>.</summary>
    public Task<McpClient> ConnectAsync(string agentId, string key, CancellationToken cancellationToken) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(Address, $"/mcp/{agentId}"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
            }),
            cancellationToken: cancellationToken);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
