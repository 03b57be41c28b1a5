namespace Firebreak.Regression;

/// <summary>Whether one assertion held on a replay, and if not, what the replay did instead.</summary>
public sealed record AssertionOutcome(RegressionAssertion Assertion, bool Passed, string? Failure = null);
