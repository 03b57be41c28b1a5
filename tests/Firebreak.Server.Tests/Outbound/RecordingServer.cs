using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Firebreak.Server.Tests.Outbound;

/// <summary>A real HTTP server on a loopback port that records every request reaching it, and answers with <c>respond</c>.</summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _requests = new();

    private RecordingServer(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.Single());

    /// <summary>Each request that reached the server, as <c>METHOD /path?query</c>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<RecordingServer> StartAsync(Func<HttpContext, Task>? respond, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.Run(async context =>
        {
            server._requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await (respond?.Invoke(context) ?? context.Response.WriteAsync("{}", cancellationToken));
        });
        await app.StartAsync(cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
