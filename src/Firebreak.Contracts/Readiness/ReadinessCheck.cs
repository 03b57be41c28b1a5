namespace Firebreak.Readiness;

/// <summary>One item of the readiness checklist for one agent.</summary>
/// <param name="Name">The item, e.g. <c>kill switch reachable</c>.</param>
/// <param name="Passed">Whether the agent meets it.</param>
/// <param name="Detail">What was found, so a failure says what to fix.</param>
public sealed record ReadinessCheck(string Name, bool Passed, string Detail);
