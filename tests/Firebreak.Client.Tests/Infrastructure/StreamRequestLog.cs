using System.Collections.Concurrent;

namespace Firebreak.Client.Tests.Infrastructure;

/// <summary>
/// Sits in the guard's own HTTP pipeline and notes, for every control stream the guard opens, the server it asked and
/// the <c>Last-Event-ID</c> it resumed from: what a test of resumption checks, which the server does not report back.
/// </summary>
internal sealed class StreamRequestLog() : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<(Uri Server, string? LastEventId)> Streams { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { AbsolutePath: "/api/v1/control/stream" } uri)
        {
            Streams.Enqueue((new Uri(uri.GetLeftPart(UriPartial.Authority)), request.Headers.TryGetValues("Last-Event-ID", out var ids) ? ids.Single() : null));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
