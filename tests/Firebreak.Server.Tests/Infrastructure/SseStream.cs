using System.Net;
using System.Text.Json;

namespace Firebreak.Server.Tests.Infrastructure;

/// <summary>A real <c>text/event-stream</c> response, read line by line as an enforcement point would.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The stream at <paramref name="path"/>, or <see langword="null"/> when the server answers <paramref name="refused"/> instead.</summary>
    public static async Task<SseStream?> TryOpenAsync(HttpClient client, string path, HttpStatusCode refused)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        if (response.StatusCode == refused)
        {
            response.Dispose();
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new SseStream(response, await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The next event of any kind, within the read timeout.</summary>
    public async Task<SseEvent> NextAsync()
    {
        using var timeout = StartTimeout();
        return await ReadEventAsync(timeout.Token);
    }

    /// <summary>
    /// The next event named <paramref name="name"/>, skipping heartbeats and other events before it. One deadline
    /// covers the whole search, so a stream that only ever sends heartbeats fails the test instead of hanging it.
    /// </summary>
    public async Task<SseEvent> NextAsync(string name)
    {
        using var timeout = StartTimeout();
        while (true)
        {
            var next = await ReadEventAsync(timeout.Token);
            if (next.Event == name)
            {
                return next;
            }
        }
    }

    private static CancellationTokenSource StartTimeout()
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ReadTimeout);
        return timeout;
    }

    private async Task<SseEvent> ReadEventAsync(CancellationToken cancellationToken)
    {
        string? id = null;
        string? name = null;
        string? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The stream ended.");
            if (line.Length == 0 && name is not null)
            {
                using var document = JsonDocument.Parse(data ?? "null");
                return new SseEvent(id, name, document.RootElement.Clone());
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
