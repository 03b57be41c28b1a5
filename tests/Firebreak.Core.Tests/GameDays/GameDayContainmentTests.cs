using Firebreak.Control;
using Firebreak.GameDays;

namespace Firebreak.Core.Tests.GameDays;

public sealed class GameDayContainmentTests
{
    private static readonly ControlScope Agent = ControlScope.ForAgent("support");
    private static readonly ControlScope Refunds = ControlScope.ForTool("support", "issue_refund");
    private static readonly ControlScope Emails = ControlScope.ForTool("support", "send_email");

    [Fact]
    public void Find_TakesTheFirstChangeAfterTheInjectionThatStopsTheWrongTool_ConfirmedWhenEveryPointHeldIt()
    {
        RecordedControlChange[] changes =
        [
            DrillStream.Change(1, -500, ControlMode.Killed, "dana", Agent),
            DrillStream.Change(2, -400, ControlMode.Normal, "dana", Agent),
            DrillStream.Change(3, 100, ControlMode.Killed, "playbook:refund-storm", Emails),
            DrillStream.Change(4, 300, ControlMode.Killed, "playbook:refund-storm", Refunds),
            DrillStream.Change(5, 400, ControlMode.Shadow, "playbook:refund-storm", Agent),
        ];
        ConfirmationSighting[] sightings =
        [
            new("p1", 3, DrillStream.At(250)),
            new("p1", 4, DrillStream.At(320)),
            new("p2", 3, DrillStream.At(320)),
            new("p2", 5, DrillStream.At(450)),
        ];

        var found = GameDayContainment.Find("support", "issue_refund", DrillStream.T0, changes, sightings);

        Assert.NotNull(found);
        Assert.Equal(4, found.Epoch);
        Assert.Equal("killed on tool:support/issue_refund", found.Description);
        Assert.Equal(DrillStream.At(450), found.ConfirmedAt);
        Assert.Equal((2, 2), (found.PointsConfirmed, found.Points));
        Assert.True(found.IsAutomatic);
    }

    [Fact]
    public void Find_IsUnconfirmed_WhileOnePointHasNotBeenSeenHoldingTheEpoch()
    {
        var found = GameDayContainment.Find(
            "support",
            "issue_refund",
            DrillStream.T0,
            [DrillStream.Change(7, 10, ControlMode.Killed, "oncall-dana", Agent)],
            [new("p1", 7, DrillStream.At(20)), new("p2", 6, DrillStream.At(20))]);

        Assert.NotNull(found);
        Assert.Null(found.ConfirmedAt);
        Assert.Equal((1, 2), (found.PointsConfirmed, found.Points));
        Assert.False(found.IsAutomatic);
    }

    [Fact]
    public void Find_IgnoresOtherAgentsResumesAndChangesBeforeTheInjection()
    {
        RecordedControlChange[] changes =
        [
            DrillStream.Change(1, -1, ControlMode.Killed, "dana", Agent),
            DrillStream.Change(2, 10, ControlMode.Killed, "dana", ControlScope.ForAgent("billing")),
            DrillStream.Change(3, 20, ControlMode.Normal, "dana", Agent),
        ];

        Assert.Null(GameDayContainment.Find("support", "issue_refund", DrillStream.T0, changes, []));
    }

    [Fact]
    public void FromConfirmations_IsConfirmedAtTheSlowestPointsLatency_OnlyWhenAllConfirmed()
    {
        var all = GameDayContainment.FromConfirmations("dana", "killed on agent:support", 9, DrillStream.T0,
            [new PointConfirmation("p1", "support", null, null, true, 9, 12.5), new PointConfirmation("p2", "support", null, null, true, 9, 40)]);
        var partial = GameDayContainment.FromConfirmations("dana", "killed on agent:support", 9, DrillStream.T0,
            [new PointConfirmation("p1", "support", null, null, true, 9, 12.5), new PointConfirmation("p2", "support", null, null, false, 8)]);
        var none = GameDayContainment.FromConfirmations("dana", "killed on agent:support", 9, DrillStream.T0, []);

        Assert.Equal(DrillStream.At(40), all.ConfirmedAt);
        Assert.Null(partial.ConfirmedAt);
        Assert.Equal((1, 2), (partial.PointsConfirmed, partial.Points));
        Assert.Null(none.ConfirmedAt);
    }
}
