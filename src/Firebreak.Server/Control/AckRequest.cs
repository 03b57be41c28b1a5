namespace Firebreak.Server.Control;

/// <summary>An enforcement point's acknowledgement that it swapped in the snapshot of <paramref name="Epoch"/>.</summary>
public sealed record AckRequest(string PointId, long Epoch);
