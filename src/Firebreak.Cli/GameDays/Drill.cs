using Firebreak.GameDays;

namespace Firebreak.Cli.GameDays;

/// <summary>A drill as <c>firebreak gameday</c> runs it.</summary>
/// <param name="Scenario">What it injects and the bounds it must stay within.</param>
/// <param name="BaselineRelease">For a failure-injecting drill: the release file it prepares the agent on and restores it to.</param>
/// <param name="Document">For a prompt-injection drill: the document it plants.</param>
internal sealed record Drill(GameDayScenario Scenario, string? BaselineRelease = null, DrillDocument? Document = null);
