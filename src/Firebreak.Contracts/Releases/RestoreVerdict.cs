namespace Firebreak.Releases;

/// <summary>What a stage's analysis decides.</summary>
public enum RestoreVerdict
{
    /// <summary>Not enough candidate runs yet: keep the stage open.</summary>
    Wait,

    /// <summary>The candidate is healthy: go to the next step.</summary>
    Advance,

    /// <summary>A human must look before anything moves.</summary>
    Pause,

    /// <summary>The candidate is worse: send every run back to the baseline.</summary>
    Abort,
}
