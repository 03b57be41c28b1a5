using System.Net;
using System.Net.Http.Json;
using System.Text;
using Firebreak.Serialization;

namespace Firebreak.Cli.Tests;

/// <summary>
/// Answers requests from a table of canned responses keyed by path and query, and records what was asked. Used only
/// to exercise how the CLI reports and reacts to error responses; behaviour across client and server is tested
/// against the real server.
/// </summary>
internal sealed class CannedHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<HttpResponseMessage>> _responses = new(StringComparer.Ordinal);

    public List<Uri> Requests { get; } = [];

    public CannedHandler Json<T>(string pathAndQuery, T body)
    {
        _responses[pathAndQuery] = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(body, options: FirebreakJson.Options) };
        return this;
    }

    public CannedHandler Problem(string pathAndQuery, HttpStatusCode status, string problemJson)
    {
        _responses[pathAndQuery] = () => new HttpResponseMessage(status)
        {
            Content = new StringContent(problemJson, Encoding.UTF8, "application/problem+json"),
        };
        return this;
    }

    public CannedHandler Text(string pathAndQuery, HttpStatusCode status, string mediaType, string text)
    {
        _responses[pathAndQuery] = () => new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        var key = request.RequestUri!.PathAndQuery;
        return _responses.TryGetValue(key, out var respond)
            ? Task.FromResult(respond())
            : throw new InvalidOperationException($"No canned response for {request.Method} {key}.");
    }
}
