using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
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
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, Uri address, string operatorKey)
    {
        _process = process;
        Address = address;
        OperatorKey = operatorKey;
    }

    public Uri Address { get; }

    public string OperatorKey { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server with <paramref name="environment"/> added to this process's own, the bootstrap operator key among it.</summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerAssembly());
        start.ArgumentList.Add($"--urls={address}");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var operatorKey = environment.TryGetValue("Firebreak__BootstrapOperatorKey", out var key)
            ? key
            : throw new ArgumentException("Set Firebreak__BootstrapOperatorKey: the tests act as that operator.", nameof(environment));
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        var server = new GatewayProcess(process, address, operatorKey);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync(cancellationToken);
        return server;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

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

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string ServerAssembly()
    {
        // The server is built with the same configuration as this test project, which references it.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(RepositoryPaths.Root, "src", "Firebreak.Server", "bin", configuration, "net10.0", "Firebreak.Server.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the server first: {path} is missing.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not answering yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The server did not become healthy within 60 s:\n{Output}");
    }
}
