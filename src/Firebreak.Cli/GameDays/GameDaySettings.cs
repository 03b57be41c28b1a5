namespace Firebreak.Cli.GameDays;

/// <summary>How <c>firebreak gameday</c> runs a drill.</summary>
/// <param name="AgentId">The drilled agent.</param>
/// <param name="Backend">The SupportDesk backend the agent works from, where tickets are queued and documents planted.</param>
/// <param name="Queue">How many tickets to queue before the injection.</param>
/// <param name="Warmup">How many runs must end on the good release before the injection, so detectors have a baseline.</param>
/// <param name="Deadline">How long to wait for containment after the injection.</param>
/// <param name="ReleasesDirectory">Where the sample's release files are (<c>good.yaml</c>, <c>faulty.yaml</c>, <c>looping.yaml</c>).</param>
/// <param name="ReportDirectory">Where the report is written (<c>gameday-&lt;scenario&gt;.md</c> and <c>.json</c>).</param>
internal sealed record GameDaySettings(
    string AgentId,
    Uri Backend,
    int Queue,
    int Warmup,
    TimeSpan Deadline,
    string ReleasesDirectory,
    string ReportDirectory);
