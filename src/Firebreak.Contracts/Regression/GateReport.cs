namespace Firebreak.Regression;

/// <summary>The regression gate on one release of an agent: every case and whether the release may be promoted.</summary>
/// <param name="AgentId">The agent.</param>
/// <param name="ReleaseId">The release.</param>
/// <param name="Cases">Every case of the agent, oldest first.</param>
/// <param name="Open">Whether promotion is allowed: every case passed on the release.</param>
public sealed record GateReport(string AgentId, string ReleaseId, IReadOnlyList<GateCase> Cases, bool Open)
{
    /// <summary>The cases that keep the gate closed.</summary>
    public IReadOnlyList<GateCase> FailingCases() => [.. Cases.Where(c => c.Status != GateCaseStatus.Passed)];
}
