using System.Net;
using Firebreak.Cli.Tests.Rendering;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

/// <summary>How <c>trace</c> reacts to a 404 problem for a run id: it tries the id as a correlation id, and nothing else.</summary>
public sealed class TraceCommandTests
{
    private const string NotFound = """{"title":"Not Found","status":404,"detail":"no such run"}""";

    [Fact]
    public async Task UnknownRunId_IsLookedUpAsCorrelationId()
    {
        var handler = new CannedHandler()
            .Problem($"/api/v1/runs/{SampleTrace.CorrelationId}/trace", HttpStatusCode.NotFound, NotFound)
            .Json<DecisionTrace[]>($"/api/v1/traces/{SampleTrace.CorrelationId}", [SampleTrace.Refund()]);

        var run = await CliRun.RunAsync(["trace", SampleTrace.CorrelationId, "--api-key", "k"], handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("run run-812", run.Output, StringComparison.Ordinal);
        Assert.Equal(
            [$"/api/v1/runs/{SampleTrace.CorrelationId}/trace", $"/api/v1/traces/{SampleTrace.CorrelationId}"],
            handler.Requests.Select(r => r.AbsolutePath));
    }

    [Fact]
    public async Task NeitherRunNorCorrelation_IsNotFound()
    {
        var handler = new CannedHandler()
            .Problem("/api/v1/runs/nope/trace", HttpStatusCode.NotFound, NotFound)
            .Json<DecisionTrace[]>("/api/v1/traces/nope", []);

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
}
