namespace Firebreak.GameDays;

/// <summary>Whether a drill stayed within its scenario's bounds. Written <c>passed</c> or <c>failed</c> in JSON.</summary>
public enum GameDayVerdict
{
    /// <summary>Every check held.</summary>
    Passed,

    /// <summary>At least one check failed.</summary>
    Failed,
}
