using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Firebreak.Webhooks;

/// <summary>
/// The signature on Firebreak's webhook deliveries, after Stripe's scheme:
/// <c>X-Firebreak-Signature: t=&lt;unix seconds&gt;,v1=&lt;lower-case hex HMAC-SHA256 over "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>,
/// keyed with the webhook's secret as UTF-8. Because the timestamp is signed with the body, a receiver that refuses old
/// timestamps refuses replays of old captures; <see cref="WebhookVerifier"/> also refuses replays within the window.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The signature header.</summary>
    public const string Header = "X-Firebreak-Signature";

    /// <summary>The delivery id header: unique per delivery and the same on every retry of it.</summary>
    public const string DeliveryHeader = "X-Firebreak-Delivery";

    /// <summary>The event type header (<c>incident.declared</c>, ...).</summary>
    public const string EventHeader = "X-Firebreak-Event";

    // DateTimeOffset's range in Unix seconds; a timestamp outside it cannot be a real signing time.
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>How far a delivery's timestamp may be from the receiver's clock, either way: five minutes.</summary>
    public static TimeSpan DefaultTolerance { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The header value for <paramref name="body"/> signed at <paramref name="timestamp"/> (whole seconds).</summary>
    /// <param name="secret">The webhook's shared secret.</param>
    /// <param name="timestamp">The signing time; sub-second parts are dropped.</param>
    /// <param name="body">The exact bytes sent.</param>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = timestamp.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Convert.ToHexStringLower(Mac(secret, t, body))}");
    }

    /// <summary>
    /// Checks a delivery's signature and freshness, without remembering it: use <see cref="WebhookVerifier"/> to also
    /// refuse a delivery seen before. The MAC is compared in constant time; several <c>v1</c> values (a secret being
    /// rotated) are accepted if any matches, and unknown elements are ignored.
    /// </summary>
    /// <param name="secret">The webhook's shared secret.</param>
    /// <param name="header">The <c>X-Firebreak-Signature</c> header value.</param>
    /// <param name="body">The raw request body, exactly as received.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the signed timestamp may be from <paramref name="now"/>, either way.</param>
    /// <returns><see cref="WebhookVerdict.Accepted"/>, <see cref="WebhookVerdict.Malformed"/>, <see cref="WebhookVerdict.BadSignature"/> or <see cref="WebhookVerdict.Stale"/>.</returns>
    public static WebhookVerdict Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance) =>
        Verify(secret, header, body, now, tolerance, out _, out _);

    internal static WebhookVerdict Verify(
        string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance, out long timestamp, out byte[] mac)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        timestamp = 0;
        mac = [];
        if (!TryParse(header, out timestamp, out var candidates))
        {
            return WebhookVerdict.Malformed;
        }

        mac = Mac(secret, timestamp, body);
        var matched = false;
        foreach (var candidate in candidates)
        {
            // Every candidate is compared, so the time taken does not reveal which one matched.
            matched |= CryptographicOperations.FixedTimeEquals(mac, candidate);
        }

        if (!matched)
        {
            return WebhookVerdict.BadSignature;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return age.Duration() > tolerance ? WebhookVerdict.Stale : WebhookVerdict.Accepted;
    }

    private static byte[] Mac(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParse(string? header, out long timestamp, out List<byte[]> candidates)
    {
        timestamp = 0;
        candidates = [];
        var timestamps = 0;
        foreach (var element in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = element.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var value = element.AsSpan(equals + 1);
            switch (element.AsSpan(0, equals))
            {
                case "t":
                    timestamps++;
                    if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp) || timestamp > MaxUnixSeconds)
                    {
                        return false;
                    }

                    break;
                case "v1":
                    if (value.Length != 64)
                    {
                        return false;
                    }

                    var bytes = new byte[32];
                    if (Convert.FromHexString(value, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
                    {
                        return false;
                    }

                    candidates.Add(bytes);
                    break;
            }
        }

        return timestamps == 1 && candidates.Count > 0;
    }
}
