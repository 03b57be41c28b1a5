using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Commands;

public sealed class RunsCommandTests
{
    [Fact]
    public async Task List_PassesFiltersAsQuery_AndShowsOneRowPerRun()
    {
        var started = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        RunRecord[] runs =
        [
            new("run-2", "support-agent", "conv-2", null, new ReleaseRef(), RunStatus.Running, started.AddMinutes(1), null),
            new("run-1", "support-agent", "conv-1", null, new ReleaseRef(), RunStatus.Failed, started, started.AddSeconds(2.5)),
        ];
        var handler = new CannedHandler().Json("/api/v1/runs?agent=support-agent&limit=2&before=2026-11-23T10%3A00%3A00.0000000%2B00%3A00", runs);

        var run = await CliRun.RunAsync(
            ["runs", "list", "--agent", "support-agent", "--limit", "2", "--before", "2026-11-23T10:00:00Z", "--api-key", "k"],
            handler);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var rows = run.Output.Split('\n');
        var first = Assert.Single(rows, r => r.Contains("run-2", StringComparison.Ordinal));
        var second = Assert.Single(rows, r => r.Contains("run-1", StringComparison.Ordinal));
        Assert.Contains("running", first, StringComparison.Ordinal);
        Assert.Contains("failed", second, StringComparison.Ordinal);
        Assert.Contains("2.5s", second, StringComparison.Ordinal);
        Assert.True(Array.IndexOf(rows, first) < Array.IndexOf(rows, second));
    }
}
