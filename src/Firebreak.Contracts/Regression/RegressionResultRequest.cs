namespace Firebreak.Regression;

/// <summary>A replay harness reports how a case fared on a release (<c>POST /api/v1/regression/results</c>).</summary>
/// <param name="CaseId">The case.</param>
/// <param name="ReleaseId">The release it was replayed against (whole id).</param>
/// <param name="Passed">Whether every assertion held.</param>
/// <param name="Failures">What failed, one line each; empty when it passed.</param>
public sealed record RegressionResultRequest(string CaseId, string ReleaseId, bool Passed, IReadOnlyList<string> Failures);
