using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Firebreak.Server.Tests.Incidents;

/// <summary>A real HTTP receiver on 127.0.0.1 that answers 202 and keeps every request it got, in order.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<Receiver> StartAsync()
    {
        Receiver? receiver = null;
        var app = await WebhookDeliveryTests.StartReceiverAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            receiver!.Requests.Enqueue(new ReceivedRequest(
                context.Request.Method,
                context.Request.Path + context.Request.QueryString,
                context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType ?? string.Empty,
                body));
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        });
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver = new Receiver(app, url);
        return receiver;
    }

    /// <summary>Waits (at most 20 seconds) until <paramref name="count"/> requests have arrived.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Requests.Count} of {count} requests arrived");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return [.. Requests];
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>One request a <see cref="Receiver"/> got.</summary>
internal sealed record ReceivedRequest(string Method, string PathAndQuery, string Authorization, string ContentType, string Body);
