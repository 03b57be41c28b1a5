using System.Text.Json;
using Firebreak.Client;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.EndToEnd;

/// <summary><c>firebreak similar</c> against the real server: the runs that refunded the same way are listed with their score; bad input is one line and a non-zero exit.</summary>
public sealed class SimilarCommandTests(CliServer server) : IClassFixture<CliServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Similar_ListsTheRunThatRefundedTheSameWay_AsTheSameSignature()
    {
        var first = await RefundRunAsync("o-1", 40m);
        var second = await RefundRunAsync("o-2", 12.5m);

        var similar = await Firebreak(["similar", second, "--limit", "5"]);

        Assert.Equal(ExitCodes.Success, similar.ExitCode);
        Assert.Contains(first, similar.Output, StringComparison.Ordinal);
        Assert.Contains("1.00 same", similar.Output, StringComparison.Ordinal);
        Assert.Contains("issue_refund", similar.Output, StringComparison.Ordinal);
        Assert.Contains("v1:", similar.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRun_IsAnApiError_AndABadLimit_IsAUsageError()
    {
        var unknown = await Firebreak(["similar", "run_missing"]);
        var badLimit = await Firebreak(["similar", "run_missing", "--limit", "0"]);
        var blank = await Firebreak(["similar", " "]);

        Assert.Equal(ExitCodes.ApiError, unknown.ExitCode);
        Assert.Equal("error: 404 Not found — Run 'run_missing' does not exist." + Environment.NewLine, unknown.Error);
        Assert.Equal(ExitCodes.Usage, badLimit.ExitCode);
        Assert.Contains("--limit must be between 1 and 100", badLimit.Error, StringComparison.Ordinal);
        Assert.Single(badLimit.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.Usage, blank.ExitCode);
    }

    private async Task<string> RefundRunAsync(string order, decimal amount)
    {
        using var client = new FirebreakClient(server.CreateClient(), CliServer.OperatorKey);
        var run = (await client.StartRunAsync(new StartRunRequest("support"), Ct)).Id;
        var arguments = JsonSerializer.SerializeToElement(new { orderId = order, amount });
        await client.RecordActionAsync(new RecordActionRequest("support", $"similar-{run}", "issue_refund", arguments, ActionOutcome.Executed, RunId: run), Ct);
        await client.EndRunAsync(run, new EndRunRequest(RunStatus.Completed), Ct);
        return run;
    }

    private Task<CliRun> Firebreak(string[] args) =>
        CliRun.RunAsync(["--api-key", CliServer.OperatorKey, .. args], server.Server.CreateHandler());
}
