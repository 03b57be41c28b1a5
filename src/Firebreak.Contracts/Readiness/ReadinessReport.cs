namespace Firebreak.Readiness;

/// <summary>An agent against the readiness checklist.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="Checks">Every item of the checklist, in checklist order.</param>
public sealed record ReadinessReport(string AgentId, IReadOnlyList<ReadinessCheck> Checks)
{
    /// <summary>Whether every item passed.</summary>
    public bool Ready => Checks.All(c => c.Passed);
}
