using Firebreak.GameDays;

namespace Firebreak.Core.Tests.GameDays;

public sealed class GameDayValidatorTests
{
    [Fact]
    public void AMeasuredReport_IsValid() => Assert.True(GameDayValidator.Validate(Report()).IsValid);

    [Fact]
    public void AVerdictThatContradictsTheChecks_IsRefused()
    {
        var report = Report() with { Verdict = GameDayVerdict.Passed };

        var errors = GameDayValidator.Validate(report);

        Assert.Contains("verdict", errors.ToDictionary().Keys);
    }

    [Fact]
    public void BadNamesTimesAndCounts_AreEachNamed()
    {
        var report = Report() with
        {
            Scenario = "Refund Storm",
            AgentId = "",
            EndedAt = DrillStream.At(-10),
            Queued = -1,
            Checks = [],
        };
        report = report with { Measurements = report.Measurements with { WrongActionsExecuted = 1, WrongActionsAfterContainment = 2, TimeToContainMs = double.NaN } };

        var fields = GameDayValidator.Validate(report).ToDictionary().Keys;

        Assert.Equal(
            ["agentId", "checks", "endedAt", "measurements.timeToContainMs", "measurements.wrongActionsAfterContainment", "queued", "scenario"],
            fields.Order(StringComparer.Ordinal));
    }

    private static GameDayReport Report()
    {
        var stream = new DrillStream();
        stream.Refund(100, "r1", "goodwill");
        return GameDayMeasurer.Measure(
            DrillScenarios.RefundStorm,
            new GameDayObservations("support", DrillStream.At(-1000), DrillStream.T0, DrillStream.At(5000), 300, stream.Actions, stream.Runs, [], null, null, []));
    }
}
