using Firebreak.Incidents;

namespace Firebreak.GameDays;

/// <summary>The outcome of one drill: what was injected, what was measured, and whether it stayed within the scenario's bounds.</summary>
/// <param name="Scenario">The scenario's name, e.g. <c>refund-storm</c>.</param>
/// <param name="Title">The scenario's title.</param>
/// <param name="AgentId">The drilled agent.</param>
/// <param name="FailureClass">The injected failure's class; <see langword="null"/> for an operator drill.</param>
/// <param name="StartedAt">When the drill started preparing.</param>
/// <param name="InjectedAt">When the failure was injected (or the operator acted).</param>
/// <param name="EndedAt">When the drill stopped watching.</param>
/// <param name="Queued">How many tickets the drill queued.</param>
/// <param name="WrongActionRule">What counted as a wrong action, for people; <see langword="null"/> for an operator drill.</param>
/// <param name="Verdict">Passed when every check held.</param>
/// <param name="Measurements">The figures.</param>
/// <param name="Checks">Each bound and how the drill fared.</param>
/// <param name="Notes">What the drill wants a reader to know.</param>
public sealed record GameDayReport(
    string Scenario,
    string Title,
    string AgentId,
    FailureClass? FailureClass,
    DateTimeOffset StartedAt,
    DateTimeOffset InjectedAt,
    DateTimeOffset EndedAt,
    int Queued,
    string? WrongActionRule,
    GameDayVerdict Verdict,
    GameDayMeasurements Measurements,
    IReadOnlyList<GameDayCheck> Checks,
    IReadOnlyList<string> Notes);
