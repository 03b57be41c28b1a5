namespace Firebreak.Registry;

/// <summary>
/// The inverse of a tool as code in the agent's own process: the agent registers it through the SDK
/// (<c>guard.Compensators.Register(tool, ...)</c>), and a compensation run hands each action to a process of the agent
/// that registered one, with the derived idempotency key it must honour.
/// </summary>
/// <param name="Description">What the compensator does, for people reading a plan.</param>
public sealed record InProcessCompensator(string? Description = null);
