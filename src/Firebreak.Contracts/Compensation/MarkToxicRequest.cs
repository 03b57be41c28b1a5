namespace Firebreak.Compensation;

/// <summary>Marks the runs of a selection toxic.</summary>
/// <param name="Selection">
/// Which runs: a run is selected when its agent, release, correlation id and id match the selection's lists, it started
/// inside the window, and (when tools or outcomes are given) it recorded a matching action. At least one filter or an
/// incident is required, so a mistake never marks the whole ledger.
/// </param>
/// <param name="Reason">Why the runs are toxic, shown on every run marked.</param>
public sealed record MarkToxicRequest(BlastRadiusSelection Selection, string Reason)
{
    public const int MaxReasonLength = 1000;
}
