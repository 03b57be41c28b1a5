using System.Security.Cryptography;
using System.Text;
using Firebreak.Webhooks;

namespace Firebreak.Core.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_unit";
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"incident.declared","incident":{"id":"INC-1"}}""");
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void Sign_IsTheHexHmacSha256OfTimestampDotBody_AfterStripe()
    {
        var t = SignedAt.ToUnixTimeSeconds();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{t}.").Concat(Body).ToArray()));

        Assert.Equal($"t={t},v1={expected}", WebhookSignature.Sign(Secret, SignedAt.AddMilliseconds(900), Body));
    }

    [Theory]
    [InlineData(0, WebhookVerdict.Accepted)]
    [InlineData(300, WebhookVerdict.Accepted)]
    [InlineData(-300, WebhookVerdict.Accepted)]
    [InlineData(301, WebhookVerdict.Stale)]
    [InlineData(-301, WebhookVerdict.Stale)]
    [InlineData(86_400, WebhookVerdict.Stale)]
    public void Verify_AcceptsATimestampWithinFiveMinutesEitherWay_AndNothingOlderOrFurtherAhead(int receivedSecondsLater, WebhookVerdict expected)
    {
        var header = WebhookSignature.Sign(Secret, SignedAt, Body);

        Assert.Equal(expected, WebhookSignature.Verify(Secret, header, Body, SignedAt.AddSeconds(receivedSecondsLater), FiveMinutes));
    }

    [Fact]
    public void Verify_RefusesATamperedBody_AnotherSecret_AndAMovedTimestamp()
    {
        var header = WebhookSignature.Sign(Secret, SignedAt, Body);
        var tampered = Body.ToArray();
        tampered[^3] ^= 1;
        var moved = header.Replace($"t={SignedAt.ToUnixTimeSeconds()}", $"t={SignedAt.ToUnixTimeSeconds() + 60}", StringComparison.Ordinal);

        Assert.Equal(WebhookVerdict.BadSignature, WebhookSignature.Verify(Secret, header, tampered, SignedAt, FiveMinutes));
        Assert.Equal(WebhookVerdict.BadSignature, WebhookSignature.Verify("whsec_other", header, Body, SignedAt, FiveMinutes));
        Assert.Equal(WebhookVerdict.BadSignature, WebhookSignature.Verify(Secret, moved, Body, SignedAt, FiveMinutes));
    }

    [Fact]
    public void Verify_AcceptsAnyMatchingV1_InAnyOrder_AndIgnoresUnknownSchemes()
    {
        var v1 = WebhookSignature.Sign(Secret, SignedAt, Body).Split(',')[1];
        var header = $"v1={new string('0', 64)}, v0=legacy, {v1}, t={SignedAt.ToUnixTimeSeconds()}";

        Assert.Equal(WebhookVerdict.Accepted, WebhookSignature.Verify(Secret, header, Body, SignedAt, FiveMinutes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=4f6b")]
    [InlineData("t=1764770400")]
    [InlineData("v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=abc,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=-5,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=99999999999999999999,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764770400,t=1764770401,v1=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764770400,v1=zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("t=1764770400,v1=00")]
    [InlineData("t=1764770400,v1")]
    public void Verify_CallsAnythingButFirebreaksFormatMalformed(string? header) =>
        Assert.Equal(WebhookVerdict.Malformed, WebhookSignature.Verify(Secret, header, Body, SignedAt, FiveMinutes));
}
