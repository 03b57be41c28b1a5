using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Firebreak.Mcp.Tests.Infrastructure;

/// <summary><c>@modelcontextprotocol/server-everything</c> over Streamable HTTP, as a real process on a free port, stopped on dispose.</summary>
internal sealed class EverythingHttpServer : IAsyncDisposable
{
    private readonly Process _process;

    private EverythingHttpServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>The server's MCP endpoint.</summary>
    public Uri Endpoint { get; }

    public static async Task<EverythingHttpServer> StartAsync(CancellationToken cancellationToken)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Upstreams.EverythingScript);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start server-everything.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EverythingHttpServer(process, new Uri($"http://127.0.0.1:{port}/mcp"));
        await server.WaitUntilListeningAsync(port, cancellationToken);
        return server;
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

    private async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"server-everything exited with code {_process.ExitCode}.");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException("server-everything did not listen within 30 s.");
    }
}
