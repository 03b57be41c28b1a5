namespace Firebreak.Releases;

/// <summary>Why an agent's release routing changed.</summary>
public enum ActivationKind
{
    /// <summary>An operator promoted a release to active.</summary>
    Activate,

    /// <summary>An operator went back to the last-known-good (or a named) release.</summary>
    Rollback,

    /// <summary>A gradual restore moved the candidate's share of runs.</summary>
    RestoreStep,

    /// <summary>A gradual restore reached 100 % and the candidate became active.</summary>
    RestoreComplete,

    /// <summary>A gradual restore was aborted and the candidate's runs went back to the active release.</summary>
    RestoreAbort,
}
