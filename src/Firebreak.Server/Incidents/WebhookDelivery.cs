namespace Firebreak.Server.Incidents;

/// <summary>One queued or finished webhook delivery, as the delivery log shows it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Webhook">The webhook's configured name.</param>
/// <param name="Event">The event type.</param>
/// <param name="IncidentId">The incident it is about.</param>
/// <param name="Status"><c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status, if it answered.</param>
/// <param name="LastError">Why the last attempt failed, if it did.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
public sealed record WebhookDelivery(
    long Id,
    string Webhook,
    string Event,
    string IncidentId,
    string Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt);
