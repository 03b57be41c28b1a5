using System.Text;
using Firebreak.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace Firebreak.Core.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_unit";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"incident.declared"}""");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public void AReplayedDelivery_IsRefused_EvenUnderAFreshDeliveryId()
    {
        var verifier = new WebhookVerifier(Secret, _time);
        var header = WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body);

        Assert.Equal(WebhookVerdict.Accepted, verifier.Verify(header, "41", Body));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(WebhookVerdict.Replayed, verifier.Verify(header, "41", Body));
        Assert.Equal(WebhookVerdict.Replayed, verifier.Verify(header, "42", Body));
    }

    [Fact]
    public void ARetryOfAnAcceptedDelivery_ResignedLater_IsRefusedByItsId_WhileOtherDeliveriesPass()
    {
        var verifier = new WebhookVerifier(Secret, _time);
        Assert.Equal(WebhookVerdict.Accepted, verifier.Verify(WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body), "41", Body));
        _time.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(WebhookVerdict.Replayed, verifier.Verify(WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body), "41", Body));
        Assert.Equal(WebhookVerdict.Accepted, verifier.Verify(WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body), "43", Body));
    }

    [Fact]
    public void AnOldCapture_IsStale_AndForgery_MissingIds_AndOversizedIds_AreRefusedWithoutBeingRemembered()
    {
        var verifier = new WebhookVerifier(Secret, _time);
        var old = WebhookSignature.Sign(Secret, _time.GetUtcNow().AddMinutes(-6), Body);
        var forged = WebhookSignature.Sign("whsec_guess", _time.GetUtcNow(), Body);
        var good = WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body);

        Assert.Equal(WebhookVerdict.Stale, verifier.Verify(old, "1", Body));
        Assert.Equal(WebhookVerdict.BadSignature, verifier.Verify(forged, "2", Body));
        Assert.Equal(WebhookVerdict.Malformed, verifier.Verify(good, null, Body));
        Assert.Equal(WebhookVerdict.Malformed, verifier.Verify(good, new string('9', 129), Body));
        Assert.Equal(0, verifier.Remembered);
        Assert.Equal(WebhookVerdict.Accepted, verifier.Verify(good, "3", Body));
    }

    [Fact]
    public void RememberedDeliveries_AreForgottenOnceTheirTimestampIsStale_SoMemoryStaysBounded()
    {
        var verifier = new WebhookVerifier(Secret, _time);
        for (var i = 0; i < 1_000; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(WebhookVerdict.Accepted, verifier.Verify(WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body), $"{i}", Body));
        }

        // Each delivery is two entries (its id and its signed message), kept at most about three tolerances (900 s).
        Assert.InRange(verifier.Remembered, 2 * 300, 2 * 900);
    }

    [Fact]
    public void AConcurrentReplay_IsAcceptedOnlyOnce()
    {
        var verifier = new WebhookVerifier(Secret, _time);
        var header = WebhookSignature.Sign(Secret, _time.GetUtcNow(), Body);
        var verdicts = new WebhookVerdict[64];

        Parallel.For(0, verdicts.Length, i => verdicts[i] = verifier.Verify(header, "7", Body));

        Assert.Single(verdicts, v => v == WebhookVerdict.Accepted);
    }
}
