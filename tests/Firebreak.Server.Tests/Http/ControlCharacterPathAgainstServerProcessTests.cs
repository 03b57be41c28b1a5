using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Firebreak.Server.Tests.Http;

/// <summary>
/// Request lines with a NUL or another control character in the path, sent as raw bytes to the real server process:
/// each gets a 400 problem, whether Kestrel refuses the request line itself (a NUL) or the request reaches Firebreak.
/// </summary>
public sealed class ControlCharacterPathAgainstServerProcessTests : IAsyncLifetime
{
    private const string OperatorKey = "fbk_control_path_operator";

    private readonly TempDirectory _directory = new();
    private ServiceProcess? _server;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _server = await ServiceProcess.StartServerAsync(
            new Dictionary<string, string>
            {
                ["Firebreak:BootstrapOperatorKey"] = OperatorKey,
                ["Firebreak:Storage:Provider"] = "sqlite",
                ["Firebreak:Storage:ConnectionString"] = _directory.File("firebreak.db"),
            },
            Ct);

    public async ValueTask DisposeAsync()
    {
        await _server!.DisposeAsync();
        _directory.Dispose();
    }

    public static TheoryData<string> Paths() =>
    [
        "/health%00",
        "/api/v1/agents/support%00.json",
        "/api/v1/agents/sup\0port",
        "/api/v1/agents/%01",
        "/api/v1/agents/a\u0001b",
        "/api/v1/agents/%1B%5B31mred",
        "/api/v1/agents/a\u007fb",
        "/api/v1/agents/%7F",
        "/api/v1/agents/line%0Abreak",
        "/api/v1/agents/tab%09",
    ];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task APathWithAControlCharacter_AnswersA400Problem_NotAnEmpty400(string path)
    {
        var (head, body) = Split(await SendRawAsync($"GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {OperatorKey}\r\nConnection: close\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 400 ", head, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task ARefusedRequestLine_AfterAGoodRequestOnTheSameConnection_StillAnswersAProblem_AndTheGoodAnswerIsUntouched()
    {
        var response = await SendRawAsync("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health%00 HTTP/1.1\r\nHost: localhost\r\n\r\n");

        var second = response.IndexOf("HTTP/1.1 400 ", StringComparison.Ordinal);
        Assert.True(second > 0, response);
        var (firstHead, firstBody) = Split(response[..second]);
        var (secondHead, secondBody) = Split(response[second..]);
        Assert.StartsWith("HTTP/1.1 200 OK", firstHead, StringComparison.Ordinal);
        Assert.Equal("{\"status\":\"ok\"}", firstBody);
        Assert.Contains("Content-Type: application/problem+json", secondHead, StringComparison.OrdinalIgnoreCase);
        using var problem = JsonDocument.Parse(secondBody);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
    }

    private async Task<string> SendRawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_server!.Address.Host, _server.Address.Port, Ct);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request), Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static (string Head, string Body) Split(string response)
    {
        var split = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No response head in: {response}");
        return (response[..split], Dechunk(response[(split + 4)..], response[..split]));
    }

    private static string Dechunk(string body, string head)
    {
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        var size = body.IndexOf("\r\n", StringComparison.Ordinal);
        var length = Convert.ToInt32(body[..size], 16);
        return body.Substring(size + 2, length);
    }
}
