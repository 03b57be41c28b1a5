using Firebreak.GameDays;
using Firebreak.Incidents;

namespace Firebreak.Core.Tests.GameDays;

/// <summary>
/// Scenario shapes for the measurer's tests, modelled on the SupportDesk sample's drills (samples/SupportDesk/gamedays.yaml,
/// whose parsing the CLI's tests cover): a refund storm counted by argument value and a tool loop counted by repeats.
/// </summary>
internal static class DrillScenarios
{
    public static GameDayScenario RefundStorm { get; } = new(
        "refund-storm",
        "Refund storm: a release that refunds every ticket",
        "Activates a release that refunds every ticket.",
        FailureClass.ToolMisuse,
        GameDayInjection.ActivateRelease,
        "faulty.yaml",
        new WrongActionRule("issue_refund", "reason", "goodwill"),
        new GameDayBounds(5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), RequireAutomaticContainment: true));

    public static GameDayScenario ToolLoop { get; } = new(
        "tool-loop",
        "Tool loop / cost runaway: the same lookup again and again",
        "Activates a release that looks the same order up again and again.",
        FailureClass.CostRunaway,
        GameDayInjection.ActivateRelease,
        "looping.yaml",
        new WrongActionRule("lookup_order", AllowedRepeats: 1),
        new GameDayBounds(25, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), RequireAutomaticContainment: true));
}
