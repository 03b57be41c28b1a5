namespace Firebreak.Releases;

/// <summary>One decision of a gradual restore, kept on the restore and put on the incident timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Percent">The candidate's share when the stage was judged.</param>
/// <param name="Verdict">What was decided.</param>
/// <param name="Reason">Why, with the figures.</param>
/// <param name="Actor">Who: <c>restore</c> for the automatic analysis, else the operator.</param>
/// <param name="Metrics">The stage's metrics, when the analysis decided.</param>
public sealed record RestoreDecision(DateTimeOffset At, int Percent, RestoreVerdict Verdict, string Reason, string Actor, StageMetrics? Metrics = null);
