namespace Firebreak.Regression;

/// <summary>How a regression case stands on a release, for the gate.</summary>
public enum GateCaseStatus
{
    /// <summary>Its latest replay on the release passed.</summary>
    Passed,

    /// <summary>Its latest replay on the release failed.</summary>
    Failed,

    /// <summary>It was never replayed on the release; the gate counts that as failing, since nobody showed it passes.</summary>
    NotReplayed,
}
