using System.Text.Json;
using Firebreak.Control;
using Firebreak.Detection;
using Firebreak.GameDays;
using Firebreak.Ledger;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.GameDays;

public sealed class GameDayMeasurerTests
{
    [Fact]
    public void RefundStorm_ContainedByAPlaybookWithinBounds_Passes_WithEveryFigure()
    {
        var stream = new DrillStream();
        stream.Refund(-200, "r0", "item arrived damaged or never arrived");
        stream.Run("r0", -300, -100);
        var first = stream.Refund(100, "r1", "goodwill");
        stream.Refund(160, "r2", "goodwill");
        stream.Refund(220, "r3", "goodwill");
        stream.Refund(700, "r4", "goodwill", outcome: ActionOutcome.Blocked);
        stream.Run("r1", 90, 150);
        stream.Run("r2", 150, 210);
        stream.Run("r3", 210, 280);
        stream.Run("r4", 280, 650);
        var containment = new GameDayContainment("playbook:refund-storm", "killed on agent:support", 12, DrillStream.At(250), DrillStream.At(300), 1, 1);
        var observations = Observations(stream, containment, [DrillStream.Alert(180)], new TraceRetrieval("r1", first.Seq, 9, true, TimeSpan.FromMilliseconds(35)));

        var report = GameDayMeasurer.Measure(DrillScenarios.RefundStorm, observations);

        Assert.Equal(GameDayVerdict.Passed, report.Verdict);
        var m = report.Measurements;
        Assert.Equal(180, m.TimeToDetectMs);
        Assert.Equal("refund-storm", m.DetectedBy);
        Assert.Equal("INC-1", m.IncidentId);
        Assert.Equal(200, m.TimeToContainMs);
        Assert.Equal(300, m.ContainedAfterInjectionMs);
        Assert.Equal(250, m.ContainmentChangedMs);
        Assert.Equal(3, m.WrongActionsExecuted);
        Assert.Equal(0, m.WrongActionsAfterContainment);
        Assert.Equal([new WrongAmount("USD", 120m)], m.WrongAmounts);
        Assert.Equal(1, m.RunsInFlight);
        Assert.Equal(350, m.TimeToDrainMs);
        Assert.Equal(35, m.TimeToTraceMs);
        Assert.Equal("r1", m.FirstWrongRunId);
        Assert.Equal(100, m.FirstWrongActionMs);
        Assert.All(report.Checks, c => Assert.True(c.Passed, c.Name));
        Assert.Contains(report.Checks, c => c.Name == "contained automatically" && c.Actual == "playbook:refund-storm");
    }

    [Fact]
    public void RefundStorm_StoppedByAPerson_TooLate_WithTooManyRefunds_FailsEachOfThoseChecks()
    {
        var stream = new DrillStream();
        for (var i = 0; i < 8; i++)
        {
            stream.Refund(100 + (i * 500), $"r{i}", "goodwill");
        }

        var containment = new GameDayContainment("oncall-dana", "killed on agent:support", 3, DrillStream.At(2900), DrillStream.At(3000), 1, 1);

        var report = GameDayMeasurer.Measure(DrillScenarios.RefundStorm, Observations(stream, containment, [], null));

        Assert.Equal(GameDayVerdict.Failed, report.Verdict);
        var failed = report.Checks.Where(c => !c.Passed).Select(c => c.Name).ToList();
        Assert.Equal(["time to detect", "contained automatically", "time to contain", "wrong actions executed", "decision trace of the first wrong action"], failed);
        Assert.Equal(2, report.Measurements.WrongActionsAfterContainment);
        Assert.Null(report.Measurements.TimeToDetectMs);
    }

    [Fact]
    public void NeverContained_HasNoTimeToContainOrDrain_AndFails()
    {
        var stream = new DrillStream();
        stream.Refund(100, "r1", "goodwill");
        stream.Run("r9", 50, null);

        var report = GameDayMeasurer.Measure(DrillScenarios.RefundStorm, Observations(stream, null, [DrillStream.Alert(120)], null));

        Assert.Equal(GameDayVerdict.Failed, report.Verdict);
        Assert.Null(report.Measurements.TimeToContainMs);
        Assert.Null(report.Measurements.TimeToDrainMs);
        Assert.Contains(report.Checks, c => c.Name == "containment confirmed" && !c.Passed && c.Actual == "no containing change");
    }

    [Fact]
    public void AnAlertRaisedBeforeTheInjectionAndSeenAgain_CountsFromTheInjection()
    {
        var stream = new DrillStream();
        var alert = DrillStream.Alert(-5000) with { LastSeenAt = DrillStream.At(400) };
        var containment = new GameDayContainment("playbook:x", "killed on agent:support", 3, DrillStream.At(10), DrillStream.At(20), 1, 1);

        var report = GameDayMeasurer.Measure(DrillScenarios.RefundStorm, Observations(stream, containment, [alert], null));

        Assert.Equal(0, report.Measurements.TimeToDetectMs);
        Assert.Equal(20, report.Measurements.TimeToContainMs);
    }

    [Fact]
    public void KillSwitchDrill_HasNoWrongActionChecks_AndPassesWhenEveryPointConfirmedInTime()
    {
        var stream = new DrillStream();
        stream.Run("r1", -100, 30);
        var containment = GameDayContainment.FromConfirmations("dana", "killed on agent:support", 4, DrillStream.T0,
            [new PointConfirmation("p1", "support", null, null, true, 4, 18)]);

        var report = GameDayMeasurer.Measure(OperatorDrills.KillSwitch, Observations(stream, containment, [], null));

        Assert.Equal(GameDayVerdict.Passed, report.Verdict);
        Assert.Equal(["containment confirmed", "time to contain"], report.Checks.Select(c => c.Name));
        Assert.Equal(18, report.Measurements.TimeToContainMs);
        Assert.Equal(12, report.Measurements.TimeToDrainMs);
        Assert.Null(report.WrongActionRule);
    }

    [Fact]
    public void TheReport_RoundTripsThroughTheApiJson()
    {
        var stream = new DrillStream();
        stream.Refund(100, "r1", "goodwill");
        var containment = new GameDayContainment("playbook:refund-storm", "killed on agent:support", 12, DrillStream.At(250), DrillStream.At(300), 1, 1);
        var report = GameDayMeasurer.Measure(DrillScenarios.RefundStorm, Observations(stream, containment, [DrillStream.Alert(180)], null));

        var json = JsonSerializer.Serialize(report, FirebreakJson.Options);
        var back = JsonSerializer.Deserialize<GameDayReport>(json, FirebreakJson.Options)!;

        Assert.Contains("\"verdict\":\"failed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"failureClass\":\"tool-misuse\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(back, FirebreakJson.Options));
    }

    private static GameDayObservations Observations(DrillStream stream, GameDayContainment? containment, Alert[] alerts, TraceRetrieval? trace) =>
        new("support", DrillStream.At(-1000), DrillStream.T0, DrillStream.At(5000), 300, stream.Actions, stream.Runs, alerts, containment, trace, ["activated the faulty release"]);
}
