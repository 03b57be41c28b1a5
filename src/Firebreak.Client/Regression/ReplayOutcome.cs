using Firebreak.Regression;

namespace Firebreak.Client;

/// <summary>How one case fared when replayed against one release.</summary>
/// <param name="Case">The case.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Transcript">What the agent did.</param>
/// <param name="Assertions">Each assertion and whether it held.</param>
/// <param name="Error">The exception the agent threw, if it did; a crash fails the case.</param>
public sealed record ReplayOutcome(RegressionCase Case, string ReleaseId, ReplayTranscript Transcript, IReadOnlyList<AssertionOutcome> Assertions, string? Error = null)
{
    /// <summary>Whether the agent ran to the end and every assertion held.</summary>
    public bool Passed => Error is null && Assertions.All(a => a.Passed);

    /// <summary>What failed, one line each, as reported to the server.</summary>
    public IReadOnlyList<string> Failures() =>
        [.. (Error is null ? [] : new[] { $"the agent failed: {Error}" }), .. Assertions.Where(a => !a.Passed).Select(a => a.Failure!)];
}
