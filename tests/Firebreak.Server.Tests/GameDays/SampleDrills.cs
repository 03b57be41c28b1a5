using Firebreak.Control;
using Firebreak.GameDays;

namespace Firebreak.Server.Tests.GameDays;

/// <summary>Drill reports as <c>firebreak gameday</c> posts them, measured by Core from small observations.</summary>
internal static class SampleDrills
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A kill-switch drill on <paramref name="agentId"/> whose one enforcement point confirmed after <paramref name="latencyMs"/>.</summary>
    public static GameDayReport KillSwitch(string agentId = "support", double latencyMs = 40, DateTimeOffset? at = null)
    {
        var injectedAt = at ?? T0;
        var containment = GameDayContainment.FromConfirmations(
            "oncall-dana", $"killed on agent:{agentId}", 3, injectedAt, [new PointConfirmation("p1", agentId, null, null, true, 3, latencyMs)]);
        return GameDayMeasurer.Measure(
            OperatorDrills.KillSwitch,
            new GameDayObservations(agentId, injectedAt.AddSeconds(-2), injectedAt, injectedAt.AddSeconds(1), 0, [], [], [], containment, null, ["resumed afterwards"]));
    }
}
