using System.Net;

namespace Firebreak.Cli.Tests;

public sealed class ApiErrorTests
{
    private static readonly string[] ShowRunX = ["runs", "show", "x", "--api-key", "k"];

    [Fact]
    public async Task ProblemDetails_ArePrintedAsOneLine_WithStatusTitleAndDetail_AndExitWithApiError()
    {
        var handler = new CannedHandler().Problem(
            "/api/v1/runs/x",
            HttpStatusCode.NotFound,
            """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.5","title":"Not Found","status":404,"detail":"run 'x' does not exist","traceId":"00-abc"}""");

        var run = await CliRun.RunAsync(ShowRunX, handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal("error: 404 Not Found — run 'x' does not exist" + Environment.NewLine, run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task ValidationProblem_ListsEachFieldError()
    {
        var handler = new CannedHandler().Problem(
            "/api/v1/keys",
            HttpStatusCode.BadRequest,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"role":["is not a role"],"agentId":["is required for agent keys","must be a slug"]}}""");

        var run = await CliRun.RunAsync(["keys", "create", "--name", "n", "--role", "agent", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal(
            "error: 400 One or more validation errors occurred. (agentId: is required for agent keys, must be a slug; role: is not a role)" + Environment.NewLine,
            run.Error);
    }

    [Fact]
    public async Task NonProblemBody_FallsBackToReasonPhraseAndFirstLineOfBody()
    {
        var handler = new CannedHandler().Text("/api/v1/runs/x", HttpStatusCode.BadGateway, "text/plain", "upstream connect error\nmore detail");

        var run = await CliRun.RunAsync(ShowRunX, handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal("error: 502 Bad Gateway — upstream connect error" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task Unauthorized_WithEmptyBody_PrintsTheStatus()
    {
        var handler = new CannedHandler().Text("/api/v1/runs/x", HttpStatusCode.Unauthorized, "text/plain", string.Empty);

        var run = await CliRun.RunAsync(ShowRunX, handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal("error: 401 Unauthorized" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task UnreachableServer_PrintsTheServerUrl_AndExitsWithUnavailable()
    {
        var run = await CliRun.RunAsync(ShowRunX, new FailingHandler(new HttpRequestException("Connection refused (127.0.0.1:5080)")));

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal("error: cannot reach the Firebreak server at http://127.0.0.1:5080/: Connection refused (127.0.0.1:5080)" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task Timeout_IsReportedAsUnavailable()
    {
        var run = await CliRun.RunAsync(ShowRunX, new FailingHandler(new TaskCanceledException("timed out", new TimeoutException())));

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.Equal("error: the server at http://127.0.0.1:5080/ did not answer in time" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task SuccessWithUnexpectedBody_IsReportedAsUnavailable_WithoutStackTrace()
    {
        var handler = new CannedHandler().Text("/api/v1/runs/x", HttpStatusCode.OK, "text/html", "<html>login portal</html>");

        var run = await CliRun.RunAsync(ShowRunX, handler);

        Assert.Equal(ExitCodes.Unavailable, run.ExitCode);
        Assert.StartsWith("error: the server at http://127.0.0.1:5080/ sent an unexpected response", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private sealed class FailingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }
}
