namespace Firebreak.Releases;

/// <summary>Starts a gradual restore (<c>firebreak restore --agent support --release &lt;id&gt; --steps 10,25,50,100 --interval 5m</c>).</summary>
/// <param name="ReleaseId">The candidate release, by id or prefix.</param>
/// <param name="Reason">Why; required.</param>
/// <param name="Steps">The candidate's share at each stage, ascending, each 1 to 100, ending at 100; 10, 25, 50, 100 when <see langword="null"/>.</param>
/// <param name="Interval">How long each stage lasts before it is judged; 30 minutes when <see langword="null"/>.</param>
/// <param name="Thresholds">The analysis rules; <see cref="RestoreThresholds.Default"/> when <see langword="null"/>.</param>
/// <param name="IncidentId">The incident it belongs to; every decision lands on its timeline.</param>
/// <param name="OverrideGate">Start although regression cases fail on the candidate; the reason lands on the timeline.</param>
public sealed record RestoreRequest(
    string ReleaseId,
    string Reason,
    IReadOnlyList<int>? Steps = null,
    TimeSpan? Interval = null,
    RestoreThresholds? Thresholds = null,
    string? IncidentId = null,
    string? OverrideGate = null)
{
    public static IReadOnlyList<int> DefaultSteps { get; } = [10, 25, 50, 100];

    public static TimeSpan DefaultInterval { get; } = TimeSpan.FromMinutes(30);
}
