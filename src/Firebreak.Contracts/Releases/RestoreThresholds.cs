namespace Firebreak.Releases;

/// <summary>
/// The analysis rules of a gradual restore, applied at the end of each stage to the candidate's ledger data. A rule
/// aborts only when the candidate is worse with 95 % confidence (the lower Wilson bound of its rate is past the limit),
/// so a handful of unlucky runs at 10 % does not abort a good release, and a release that is plainly bad is caught early.
/// </summary>
/// <param name="MinRuns">Candidate runs a stage needs before it is judged (default 5); until then it waits.</param>
/// <param name="MaxErrorRate">Largest share of the candidate's actions that may fail (default 0.05).</param>
/// <param name="MaxBlockedRate">Largest share of the candidate's actions that controls may block or deny (default 0.10).</param>
/// <param name="MaxRefundRateIncrease">How far the candidate's share of runs with a financial action may exceed the baseline's (default 0.10).</param>
public sealed record RestoreThresholds(int MinRuns = 5, double MaxErrorRate = 0.05, double MaxBlockedRate = 0.10, double MaxRefundRateIncrease = 0.10)
{
    public static RestoreThresholds Default { get; } = new();
}
