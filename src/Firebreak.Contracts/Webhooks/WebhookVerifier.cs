namespace Firebreak.Webhooks;

/// <summary>
/// A receiver's check of Firebreak's webhook deliveries: the signature must match (<see cref="WebhookSignature"/>), the
/// signed timestamp must be within the tolerance of now, and neither the delivery id nor the signed message may have
/// been accepted before. Retries of one delivery carry the same id, so a retry of a delivery already accepted is
/// <see cref="WebhookVerdict.Replayed"/> too: acknowledge an accepted delivery with a 2xx before doing slow work with it.
/// Thread-safe; it remembers only deliveries accepted within about three times the tolerance.
/// </summary>
public sealed class WebhookVerifier
{
    // Longer ids are refused rather than remembered: Firebreak's ids are short, and the header is not signed.
    private const int MaxDeliveryIdLength = 128;

    private readonly string _secret;
    private readonly TimeProvider _time;
    private readonly TimeSpan _tolerance;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private DateTimeOffset _nextSweep;

    /// <summary>Creates a verifier for one webhook secret.</summary>
    /// <param name="secret">The webhook's shared secret (<c>Firebreak:Incidents:Webhooks:&lt;i&gt;:Secret</c>).</param>
    /// <param name="time">The clock; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="tolerance">How far a signed timestamp may be from now, either way; <see cref="WebhookSignature.DefaultTolerance"/> (five minutes) by default.</param>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty, or <paramref name="tolerance"/> is negative.</exception>
    public WebhookVerifier(string secret, TimeProvider? time = null, TimeSpan? tolerance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _tolerance = tolerance ?? WebhookSignature.DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(_tolerance, TimeSpan.Zero);
        _secret = secret;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>How many delivery ids and signatures are remembered now; old ones are dropped as they expire.</summary>
    internal int Remembered
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Checks one delivery and, when it is accepted, remembers it so that it is never accepted again.</summary>
    /// <param name="signature">The <c>X-Firebreak-Signature</c> header.</param>
    /// <param name="deliveryId">The <c>X-Firebreak-Delivery</c> header.</param>
    /// <param name="body">The raw request body, exactly as received.</param>
    public WebhookVerdict Verify(string? signature, string? deliveryId, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(deliveryId) || deliveryId.Length > MaxDeliveryIdLength)
        {
            return WebhookVerdict.Malformed;
        }

        var now = _time.GetUtcNow();
        var verdict = WebhookSignature.Verify(_secret, signature, body, now, _tolerance, out var timestamp, out var mac);
        if (verdict != WebhookVerdict.Accepted)
        {
            return verdict;
        }

        // The delivery id is not signed, so the signed message itself is remembered too: a capture replayed under a
        // fresh id is still caught. Both are kept until the timestamp check would refuse the message anyway.
        var message = "m:" + Convert.ToHexStringLower(mac);
        var delivery = "d:" + deliveryId;
        var forgetAt = DateTimeOffset.FromUnixTimeSeconds(timestamp) + _tolerance;
        lock (_lock)
        {
            Sweep(now);
            if (_seen.ContainsKey(message) || _seen.ContainsKey(delivery))
            {
                return WebhookVerdict.Replayed;
            }

            _seen[message] = forgetAt;
            _seen[delivery] = forgetAt;
            return WebhookVerdict.Accepted;
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        foreach (var (key, forgetAt) in _seen)
        {
            if (forgetAt < now)
            {
                _seen.Remove(key);
            }
        }

        _nextSweep = now + _tolerance;
    }
}
