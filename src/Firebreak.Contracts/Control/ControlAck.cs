namespace Firebreak.Control;

/// <summary>An enforcement point's acknowledgement that it swapped in the snapshot of <paramref name="Epoch"/> (<c>POST /api/v1/control/ack</c>).</summary>
/// <param name="PointId">The acknowledging point.</param>
/// <param name="Epoch">The snapshot epoch now in force at the point.</param>
public sealed record ControlAck(string PointId, long Epoch);
