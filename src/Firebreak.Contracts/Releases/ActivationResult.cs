using Firebreak.Control;

namespace Firebreak.Releases;

/// <summary>The answer to an activation or rollback: the history entry and which enforcement points applied it.</summary>
/// <param name="Activation">The stored history entry.</param>
/// <param name="State">The agent's releases after the change.</param>
/// <param name="Confirmations">One entry per enforcement point of the agent, confirmed or not.</param>
/// <param name="Confirmed">How many points acknowledged the change's epoch within the wait.</param>
/// <param name="Unconfirmed">How many did not.</param>
public sealed record ActivationResult(
    ReleaseActivation Activation,
    AgentReleaseState State,
    IReadOnlyList<PointConfirmation> Confirmations,
    int Confirmed,
    int Unconfirmed);
