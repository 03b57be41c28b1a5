namespace Firebreak.Held;

/// <summary>An enforcement point's claim of a released item (<c>POST /api/v1/held/{id}/delivered</c>); a second claim gets 409.</summary>
/// <param name="PointId">The point that takes the item.</param>
public sealed record HeldDeliveryRequest(string PointId);
