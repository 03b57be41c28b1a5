namespace Firebreak.Webhooks;

/// <summary>What a receiver makes of one webhook delivery.</summary>
public enum WebhookVerdict
{
    /// <summary>Signed with the shared secret, fresh, and not seen before: process it.</summary>
    Accepted,

    /// <summary>The signature header or delivery id is missing or not in Firebreak's format.</summary>
    Malformed,

    /// <summary>No <c>v1</c> signature matches the timestamp and body: forged, tampered with, or signed with another secret.</summary>
    BadSignature,

    /// <summary>Authentic, but its timestamp is further from now than the tolerance: an old capture being replayed, or a badly skewed clock.</summary>
    Stale,

    /// <summary>Authentic and fresh, but this delivery (or this exact signed message) was accepted before.</summary>
    Replayed,
}
