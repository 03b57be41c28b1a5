namespace Firebreak.Cli.GameDays;

/// <summary>How <c>firebreak gameday</c> runs a drill.</summary>
/// <param name="AgentId">The drilled agent.</param>
/// <param name="Target">The drill target: the application the agent works from, where work is queued and documents planted (docs/gamedays.md).</param>
/// <param name="Queue">How many work items to queue before the injection.</param>
/// <param name="Warmup">How many runs must end on the baseline release before the injection, so detectors have a baseline.</param>
/// <param name="Deadline">How long to wait for containment after the injection.</param>
/// <param name="ReleasesDirectory">Where the release files the drill file names are (<c>good.yaml</c>, <c>faulty.yaml</c>).</param>
/// <param name="ReportDirectory">Where the report is written (<c>gameday-&lt;scenario&gt;.md</c> and <c>.json</c>).</param>
internal sealed record GameDaySettings(
    string AgentId,
    Uri Target,
    int Queue,
    int Warmup,
    TimeSpan Deadline,
    string ReleasesDirectory,
    string ReportDirectory);
