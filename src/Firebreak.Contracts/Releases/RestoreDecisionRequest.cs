namespace Firebreak.Releases;

/// <summary>An operator aborts or resumes a gradual restore, and says why.</summary>
public sealed record RestoreDecisionRequest(string Reason);
