using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class PiiScannerTests
{
    [Theory]
    [InlineData("Reach me at jane.doe+orders@example.co.uk please", PiiKind.Email, "jane.doe+orders@example.co.uk")]
    [InlineData("card 4111 1111 1111 1111 exp 12/29", PiiKind.CardNumber, "4111 1111 1111 1111")]
    [InlineData("card:4111-1111-1111-1111.", PiiKind.CardNumber, "4111-1111-1111-1111")]
    [InlineData("amex 378282246310005", PiiKind.CardNumber, "378282246310005")]
    [InlineData("call +44 20 7946 0958 after 5", PiiKind.Phone, "+44 20 7946 0958")]
    [InlineData("call +1 (415) 555-0100 now", PiiKind.Phone, "+1 (415) 555-0100")]
    [InlineData("call (415) 555-0100 now", PiiKind.Phone, "(415) 555-0100")]
    [InlineData("call 415.555.0100", PiiKind.Phone, "415.555.0100")]
    [InlineData("SSN 536-22-1234 on file", PiiKind.NationalId, "536-22-1234")]
    [InlineData("SSN 536 22 1234 on file", PiiKind.NationalId, "536 22 1234")]
    [InlineData("pay to GB82 WEST 1234 5698 7654 32 today", PiiKind.Iban, "GB82 WEST 1234 5698 7654 32")]
    [InlineData("IBAN: DE89370400440532013000", PiiKind.Iban, "DE89370400440532013000")]
    [InlineData("iban fr14 2004 1010 0505 0001 3m02 606 thanks", PiiKind.Iban, "fr14 2004 1010 0505 0001 3m02 606")]
    public void Find_ReportsEachKind_WithItsExactSpan(string text, PiiKind kind, string value)
    {
        var match = Assert.Single(PiiScanner.Find(text));

        Assert.Equal(kind, match.Kind);
        Assert.Equal(value, text.Substring(match.Index, match.Length));
    }

    public static TheoryData<string> SupportDeskText() =>
    [
        "Order ORD-2024-000123 arrived damaged, I would like a refund of 40 USD.",
        "My tracking number is 1Z999AA10123456784 and it has not moved since 2024-03-15.",
        "Invoice 4111111111111112 was charged twice on 12/03/2024 at 14:05.",
        "Ticket T-1042: customer 123456789 asked about plan 2024-11 pricing.",
        "Refund of 1234.56 EUR for order 9000000000000001 was approved.",
        "Please call back between 9-5, ext 4402, reference 078-05-1120.",
        "The version is 10.0.100 and the build 20241115.3 failed.",
        "Account 000-12-3456 was closed.",
        "Meet me @ the office, re: order #55512",
        "Our IBAN is written on the invoice; the reference is GB82WEST.",
    ];

    [Theory]
    [MemberData(nameof(SupportDeskText))]
    public void Find_StaysQuiet_OnOrdinarySupportDeskText(string text) =>
        Assert.Empty(PiiScanner.Find(text));

    [Fact]
    public void Find_ReportsEveryMatch_InOrder_AndOnlyTheKindsAsked()
    {
        const string text = "Jane (jane@example.com, +1 415 555 0100) paid with 5555555555554444.";

        var all = PiiScanner.Find(text);
        var cards = PiiScanner.Find(text, [PiiKind.CardNumber]);

        Assert.Equal([PiiKind.Email, PiiKind.Phone, PiiKind.CardNumber], all.Select(m => m.Kind));
        Assert.Equal(PiiKind.CardNumber, Assert.Single(cards).Kind);
    }

    [Fact]
    public void Redact_ReplacesEachMatch_WithItsKind()
    {
        var redacted = PiiScanner.Redact("Send the receipt to jane@example.com; card 4111 1111 1111 1111, SSN 536-22-1234.");

        Assert.Equal("Send the receipt to [redacted:email]; card [redacted:card_number], SSN [redacted:national_id].", redacted);
    }

    [Fact]
    public void Redact_ReturnsTheSameString_WhenThereIsNothingToRedact()
    {
        const string text = "Order 1042 shipped.";

        Assert.Same(text, PiiScanner.Redact(text));
    }

    public static TheoryData<int, string, bool, bool> BoundedInputs() => new()
    {
        // padding before the card, what follows it, whether it is found, whether the rest is cut
        { 0, "", true, false },
        { PiiScanner.MaxScannedLength - 20, "", true, false },
        { PiiScanner.MaxScannedLength - 20, " and more", true, true },
        { PiiScanner.MaxScannedLength - 10, "", false, true },
        { PiiScanner.MaxScannedLength, "", false, true },
        { PiiScanner.MaxScannedLength * 4, " and more", false, true },
    };

    [Theory]
    [MemberData(nameof(BoundedInputs))]
    public void AHugeText_IsScannedUpToTheBound_LikeTheInjectionScanner(int padding, string after, bool found, bool cut)
    {
        var text = new string('x', padding) + " 4111 1111 1111 1111" + after;

        Assert.Equal(found, PiiScanner.Contains(text));
        Assert.Equal(InjectionScanner.MaxScannedLength, PiiScanner.MaxScannedLength);
        Assert.All(PiiScanner.Find(text), match => Assert.True(match.Index + match.Length <= PiiScanner.MaxScannedLength));
        var redacted = PiiScanner.Redact(text);
        Assert.DoesNotContain("4111 1111 1111 1111", redacted, StringComparison.Ordinal);
        Assert.Equal(cut, redacted.EndsWith(PiiScanner.UnscannedMarker, StringComparison.Ordinal));
        Assert.Equal(!cut && after.Length > 0, redacted.Contains(after, StringComparison.Ordinal) && after.Length > 0);
    }

    [Fact]
    public void ACardNumberPaddedPastTheBound_NeverReachesARedactedText()
    {
        var text = new string(' ', PiiScanner.MaxScannedLength) + "card 4111 1111 1111 1111";

        var redacted = PiiScanner.Redact(text);

        Assert.Empty(PiiScanner.Find(text));
        Assert.Equal(new string(' ', PiiScanner.MaxScannedLength) + PiiScanner.UnscannedMarker, redacted);
    }
}
