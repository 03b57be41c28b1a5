using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Firebreak.Testing;

/// <summary>
/// A service of this repository (the Firebreak server, the SupportDesk backend) as a real OS process on a loopback port,
/// as a deployment runs it, so tests can kill it with SIGKILL and start it again on the same address and database.
/// Disposing it kills the whole process tree.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly string _name;
    private readonly ProcessStartInfo _start;
    private readonly StringBuilder _output = new();
    private Process _process;

    private ServiceProcess(string name, ProcessStartInfo start, Uri address)
    {
        _name = name;
        _start = start;
        Address = address;
        _process = Launch();
    }

    public Uri Address { get; }

    /// <summary>The process id, to read its memory from <c>/proc</c>.</summary>
    public int ProcessId => _process.Id;

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

    /// <summary>
    /// Starts the Firebreak server with <paramref name="settings"/> as <c>--key=value</c> switches and
    /// <paramref name="environment"/> added to this process's own (as <c>scripts/start.sh</c> configures it), at
    /// <paramref name="address"/> or on a free loopback port.
    /// </summary>
    public static async Task<ServiceProcess> StartServerAsync(
        IReadOnlyDictionary<string, string> settings,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null,
        Uri? address = null)
    {
        address ??= FreeLoopbackAddress();
        var start = StartInfo(RepositoryPaths.BuiltAssembly(Path.Combine("src", "Firebreak.Server"), "Firebreak.Server"));
        start.ArgumentList.Add($"--urls={address}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return await StartAsync("server", start, address, cancellationToken);
    }

    /// <summary>Starts the SupportDesk backend with switches such as <c>--seed-tickets 10</c>, as a person would type them.</summary>
    public static async Task<ServiceProcess> StartBackendAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var address = FreeLoopbackAddress();
        var start = StartInfo(RepositoryPaths.BuiltAssembly(Path.Combine("samples", "SupportDesk", "SupportDesk.Backend"), "SupportDesk.Backend"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString());
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return await StartAsync("backend", start, address, cancellationToken);
    }

    /// <summary>A client of this service, with <paramref name="key"/> as its bearer token when given.</summary>
    /// <param name="key">The API key; <see langword="null"/> for none.</param>
    /// <param name="timeout">The request timeout; 30 s when <see langword="null"/>.</param>
    public HttpClient Client(string? key = null, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash or an OOM kill does.</summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Starts the killed process again with the same switches, on the same address and database.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"The {_name} is still running; kill it first.");
        }

        _process.Dispose();
        _process = Launch();
        await WaitUntilHealthyAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>An address on a loopback port that was free a moment ago.</summary>
    public static Uri FreeLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
    }

    private static ProcessStartInfo StartInfo(string assembly)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        return start;
    }

    private static async Task<ServiceProcess> StartAsync(string name, ProcessStartInfo start, Uri address, CancellationToken cancellationToken)
    {
        var service = new ServiceProcess(name, start, address);
        try
        {
            await service.WaitUntilHealthyAsync(cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    private Process Launch()
    {
        var process = Process.Start(_start) ?? throw new InvalidOperationException($"Could not start the {_name} process.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
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
                throw new InvalidOperationException($"The {_name} exited with code {_process.ExitCode}:\n{Output}");
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

        throw new TimeoutException($"The {_name} did not become healthy within 60 s:\n{Output}");
    }
}
