namespace Firebreak.Regression;

/// <summary>One row of the regression table: a case and how it stands on the release.</summary>
public sealed record GateCase(string CaseId, string Name, string SourceRunId, GateCaseStatus Status, IReadOnlyList<string> Assertions, IReadOnlyList<string> Failures, DateTimeOffset? RanAt = null);
