using System.Net;
using Firebreak.Cli.Tests.Rendering;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

public sealed class TraceCommandTests
{
    [Fact]
    public async Task RunId_ShowsThatRunsTrace()
    {
        var handler = new CannedHandler().Json($"/api/v1/runs/{SampleTrace.RunId}/trace", SampleTrace.Refund());

        var run = await CliRun.RunAsync(["trace", SampleTrace.RunId, "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("issue_refund → executed", run.Output, StringComparison.Ordinal);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UnknownRunId_IsLookedUpAsCorrelationId()
    {
        var handler = new CannedHandler().Json<DecisionTrace[]>($"/api/v1/traces/{SampleTrace.CorrelationId}", [SampleTrace.Refund()]);

        var run = await CliRun.RunAsync(["trace", SampleTrace.CorrelationId, "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("run run-812", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            [$"/api/v1/runs/{SampleTrace.CorrelationId}/trace", $"/api/v1/traces/{SampleTrace.CorrelationId}"],
            handler.Requests.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task NeitherRunNorCorrelation_IsNotFound()
    {
        var handler = new CannedHandler().Json<DecisionTrace[]>("/api/v1/traces/nope", []);

        var run = await CliRun.RunAsync(["trace", "nope", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Equal("error: 404 Not Found — no run and no correlation id 'nope'" + Environment.NewLine, run.Error);
    }

    [Fact]
    public async Task ForbiddenRun_IsNotRetriedAsCorrelation()
    {
        var handler = new CannedHandler().Problem("/api/v1/runs/r1/trace", HttpStatusCode.Forbidden, """{"title":"Forbidden","status":403}""");

        var run = await CliRun.RunAsync(["trace", "r1", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.ApiError, run.ExitCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Ids_AreEscapedInThePath()
    {
        var handler = new CannedHandler().Json<DecisionTrace[]>("/api/v1/traces/a%2Fb%20c", [SampleTrace.Refund()]);

        var run = await CliRun.RunAsync(["trace", "a/b c", "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
    }
}
