using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SupportDesk.Tests.Infrastructure;

/// <summary>
/// The Firebreak server as a real OS process, as the demo runs it next to the SupportDesk backend; it can be killed
/// with SIGKILL and started again on the same address and database.
/// </summary>
internal sealed class FirebreakServerProcess : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly StringBuilder _output = new();
    private Process _process;

    private FirebreakServerProcess(IReadOnlyDictionary<string, string> settings, Uri address)
    {
        _settings = settings;
        Address = address;
        _process = Launch();
    }

    public Uri Address { get; }

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

    public static async Task<FirebreakServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var server = new FirebreakServerProcess(settings, new Uri($"http://127.0.0.1:{FreePort()}"));
        await server.WaitUntilHealthyAsync(cancellationToken);
        return server;
    }

    /// <summary>Kills the server with SIGKILL (no shutdown, no flush), as a crash or an OOM kill would.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <summary>Starts the killed server again with the same settings, on the same address and database.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException("The server is still running; kill it first.");
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

    private Process Launch()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ServerAssembly());
        start.ArgumentList.Add($"--urls={Address}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in _settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server process.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string ServerAssembly()
    {
        // The server is built with the same configuration as this test project (it is a build-only project reference).
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
