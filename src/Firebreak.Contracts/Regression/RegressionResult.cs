namespace Firebreak.Regression;

/// <summary>The latest replay of a case on a release.</summary>
public sealed record RegressionResult(string CaseId, string ReleaseId, bool Passed, IReadOnlyList<string> Failures, string RanBy, DateTimeOffset RanAt);
