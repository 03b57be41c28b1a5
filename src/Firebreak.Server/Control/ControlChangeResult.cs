using Firebreak.Control;

namespace Firebreak.Server.Control;

/// <summary>The answer to a control change: its epoch, what it changed, and which enforcement points confirmed it.</summary>
public sealed record ControlChangeResult(
    long Epoch,
    ControlChange Change,
    IReadOnlyList<PointConfirmation> Confirmations,
    int Confirmed,
    int Unconfirmed);
