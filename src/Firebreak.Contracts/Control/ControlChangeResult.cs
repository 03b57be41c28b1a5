namespace Firebreak.Control;

/// <summary>The answer to <c>POST /api/v1/control/changes</c>: the stored change and which enforcement points applied it.</summary>
/// <param name="Epoch">The snapshot epoch the change created.</param>
/// <param name="Change">The change as stored.</param>
/// <param name="Confirmations">One entry per enforcement point that had to apply the change, confirmed or not.</param>
/// <param name="Confirmed">How many points acknowledged <paramref name="Epoch"/> within the wait.</param>
/// <param name="Unconfirmed">How many did not.</param>
public sealed record ControlChangeResult(
    long Epoch,
    ControlChange Change,
    IReadOnlyList<PointConfirmation> Confirmations,
    int Confirmed,
    int Unconfirmed);
