using System.Net;
using System.Net.Http.Json;
using System.Text;
using Firebreak.Serialization;

namespace Firebreak.Cli.Tests;

/// <summary>
/// Answers requests from a table of canned responses keyed by path and query, and records what was asked. Used only
/// to exercise the CLI's formatting of responses and errors; behaviour across client and server is tested against
/// the real server.
/// </summary>
internal sealed class CannedHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<HttpResponseMessage>> _responses = new(StringComparer.Ordinal);

    public List<RecordedRequest> Requests { get; } = [];

    public CannedHandler Json<T>(string pathAndQuery, T body, HttpStatusCode status = HttpStatusCode.OK)
    {
        _responses[pathAndQuery] = () => new HttpResponseMessage(status) { Content = JsonContent.Create(body, options: FirebreakJson.Options) };
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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization, body));
        var key = request.RequestUri!.PathAndQuery;
        return _responses.TryGetValue(key, out var respond)
            ? respond()
            : new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent($$"""{"title":"Not Found","status":404,"detail":"no canned response for {{key}}"}""", Encoding.UTF8, "application/problem+json"),
            };
    }
}
