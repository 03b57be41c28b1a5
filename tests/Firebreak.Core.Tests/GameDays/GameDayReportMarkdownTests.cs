using Firebreak.GameDays;

namespace Firebreak.Core.Tests.GameDays;

public sealed class GameDayReportMarkdownTests
{
    [Fact]
    public void Render_LeadsWithTheVerdict_ThenEveryCheckAndFigure_AndTheNotes()
    {
        var stream = new DrillStream();
        var first = stream.Refund(100, "r1", "goodwill");
        stream.Refund(160, "r2", "goodwill");
        var containment = new GameDayContainment("playbook:refund-storm", "killed on agent:support", 12, DrillStream.At(250), DrillStream.At(312), 1, 1);
        var report = GameDayMeasurer.Measure(
            DrillScenarios.RefundStorm,
            new GameDayObservations("support", DrillStream.At(-1000), DrillStream.T0, DrillStream.At(5000), 300, stream.Actions, stream.Runs,
                [DrillStream.Alert(180)], containment, new TraceRetrieval("r1", first.Seq, 9, true, TimeSpan.FromMilliseconds(35)), ["restored | the good release"]));

        var md = GameDayReportMarkdown.Render(report);

        Assert.StartsWith("# Game day: Refund storm: a release that refunds every ticket\n\n**PASSED** · scenario `refund-storm` · agent `support` · tool-misuse\n", md, StringComparison.Ordinal);
        Assert.Contains("| wrong actions executed | ≤ 5 | 2 | pass |", md, StringComparison.Ordinal);
        Assert.Contains("| time to contain | ≤ 2000 ms | 212 ms | pass |", md, StringComparison.Ordinal);
        Assert.Contains("| contained by | playbook:refund-storm: killed on agent:support (epoch 12, 1 of 1 enforcement points confirmed) |", md, StringComparison.Ordinal);
        Assert.Contains("| money moved by wrong actions | USD 80.00 |", md, StringComparison.Ordinal);
        Assert.Contains("## Notes\n\n- restored | the good release\n", md, StringComparison.Ordinal);
        Assert.Contains("Started 2026-11-23 17:59:59.000, failure injected 2026-11-23 18:00:00.000", md, StringComparison.Ordinal);
        Assert.EndsWith("\n", md, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", md, StringComparison.Ordinal);
    }
}
