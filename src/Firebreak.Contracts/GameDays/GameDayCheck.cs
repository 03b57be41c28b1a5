namespace Firebreak.GameDays;

/// <summary>One bound of a drill and how the drill fared against it.</summary>
/// <param name="Name">What is checked, e.g. <c>wrong actions executed</c>.</param>
/// <param name="Bound">The bound, as people read it: <c>≤ 5</c>, <c>≤ 2 s</c>, <c>by a playbook</c>.</param>
/// <param name="Actual">What the drill measured, in the same words.</param>
/// <param name="Passed">Whether the measurement is within the bound.</param>
public sealed record GameDayCheck(string Name, string Bound, string Actual, bool Passed);
