using System.Text;
using System.Text.Json;
using Firebreak.Server.Http;

namespace Firebreak.Server.Tests.Http;

public sealed class RejectedRequestProblemConnectionTests
{
    private const string KestrelRefusal = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\nDate: Thu, 03 Dec 2026 14:00:34 GMT\r\nServer: Kestrel\r\n\r\n";

    [Fact]
    public void KestrelsEmptyRefusal_BecomesAProblem_KeepingItsStatusAndHeaders()
    {
        var rewritten = Encoding.UTF8.GetString(RejectedRequestProblemConnection.Rewrite(Encoding.ASCII.GetBytes(KestrelRefusal))!);

        var split = rewritten.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = rewritten[..split];
        var body = rewritten[(split + 4)..];
        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\n", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Connection: close", head, StringComparison.Ordinal);
        Assert.Contains("Server: Kestrel", head, StringComparison.Ordinal);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/problem+json\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nDate: Thu, 03 Dec 2026 14:00:34 GMT\r\n\r\n")]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n{\"already\":\"a body\"}")]
    [InlineData("1a\r\n{\"title\":\"HTTP/1.1 400\"}\r\n")]
    [InlineData("")]
    public void AnythingElse_IsLeftAsItIs(string written) =>
        Assert.Null(RejectedRequestProblemConnection.Rewrite(Encoding.ASCII.GetBytes(written)));
}
