namespace Firebreak.Releases;

/// <summary>What the ledger says about one stage of a gradual restore, candidate against baseline.</summary>
/// <param name="CandidateRuns">Runs started on the candidate during the stage.</param>
/// <param name="CandidateActions">Actions those runs recorded.</param>
/// <param name="CandidateFailed">Actions that failed.</param>
/// <param name="CandidateBlocked">Actions that controls blocked or denied.</param>
/// <param name="CandidateFinancialRuns">Candidate runs that executed a financial action (a refund).</param>
/// <param name="BaselineRuns">Runs started on the baseline release during the stage.</param>
/// <param name="BaselineFinancialRuns">Baseline runs that executed a financial action.</param>
public sealed record StageMetrics(
    int CandidateRuns,
    int CandidateActions,
    int CandidateFailed,
    int CandidateBlocked,
    int CandidateFinancialRuns,
    int BaselineRuns,
    int BaselineFinancialRuns);
