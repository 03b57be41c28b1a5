using Firebreak.Incidents;

namespace Firebreak.GameDays;

/// <summary>A drill: the failure it injects, how its wrong actions are recognised and the bounds it must stay within.</summary>
/// <param name="Name">The slug used on the command line and in drill records, e.g. <c>refund-storm</c>.</param>
/// <param name="Title">One line for people.</param>
/// <param name="Description">What the drill does and what it proves.</param>
/// <param name="FailureClass">The failure class the injected failure belongs to; <see langword="null"/> for an operator drill (kill switch, rollback).</param>
/// <param name="Injection">How the failure is injected.</param>
/// <param name="ReleaseFile">For <see cref="GameDayInjection.ActivateRelease"/>: the release file to activate (<c>faulty.yaml</c>), named by the drill file.</param>
/// <param name="WrongAction">Which actions are the failure's; <see langword="null"/> for an operator drill.</param>
/// <param name="Bounds">What the drill must achieve to pass.</param>
public sealed record GameDayScenario(
    string Name,
    string Title,
    string Description,
    FailureClass? FailureClass,
    GameDayInjection Injection,
    string? ReleaseFile,
    WrongActionRule? WrongAction,
    GameDayBounds Bounds)
{
    /// <summary>Whether the drill injects a failure that detectors and playbooks must catch (not an operator drill).</summary>
    public bool InjectsFailure => Injection is GameDayInjection.ActivateRelease or GameDayInjection.PlantDocument;
}
