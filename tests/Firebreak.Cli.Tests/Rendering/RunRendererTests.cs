using Firebreak.Cli.Rendering;
using Firebreak.Ledger;

namespace Firebreak.Cli.Tests.Rendering;

public sealed class RunRendererTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void List_ShowsOneRowPerRunInTheGivenOrder_WithStatusAndDuration()
    {
        RunRecord[] runs =
        [
            new("run-2", "support-agent", "conv-2", null, new ReleaseRef(), RunStatus.Running, Started.AddMinutes(1), null),
            new("run-1", "support-agent", "conv-1", null, new ReleaseRef(), RunStatus.Failed, Started, Started.AddSeconds(2.5)),
        ];
        using var console = new CapturedConsole();

        RunRenderer.RenderList(console.Console, runs);

        var lines = console.Output.Split('\n');
        var first = Array.FindIndex(lines, l => l.Contains("run-2", StringComparison.Ordinal));
        var second = Array.FindIndex(lines, l => l.Contains("run-1", StringComparison.Ordinal));
        Assert.InRange(first, 0, second - 1);
        Assert.Matches(@"run-2\s+│\s+support-agent\s+│\s+running\s+│\s+2026-11-23 09:01:00Z\s+│\s+-\s+│\s+conv-2", lines[first]);
        Assert.Matches(@"run-1\s+│\s+support-agent\s+│\s+failed\s+│\s+2026-11-23 09:00:00Z\s+│\s+2.5s\s+│\s+conv-1", lines[second]);
    }

    [Fact]
    public void Show_IncludesReleaseAndTraceparent_WhenKnown()
    {
        var run = new RunRecord(
            "run-1",
            "support-agent",
            "conv-1",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
            new ReleaseRef("rel-7", ModelId: "gpt-5"),
            RunStatus.Killed,
            Started,
            Started.AddMinutes(3));
        using var console = new CapturedConsole();

        RunRenderer.RenderRun(console.Console, run);

        Assert.Matches(@"Status\s+killed", console.Output);
        Assert.Matches(@"Release\s+rel-7", console.Output);
        Assert.Matches(@"Model\s+gpt-5", console.Output);
        Assert.Matches(@"Duration\s+3m00s", console.Output);
        Assert.Contains("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Prompt version", console.Output, StringComparison.Ordinal);
    }
}
