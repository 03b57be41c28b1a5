using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class LuhnTests
{
    [Theory]
    [InlineData("4111111111111111", "Visa 16")]
    [InlineData("4012888888881881", "Visa 16")]
    [InlineData("4222222222222", "Visa 13")]
    [InlineData("378282246310005", "Amex")]
    [InlineData("5555555555554444", "Mastercard 51-55")]
    [InlineData("5105105105105100", "Mastercard 51-55")]
    [InlineData("2223003122003222", "Mastercard 2-series")]
    [InlineData("6011111111111117", "Discover")]
    [InlineData("30569309025904", "Diners 14")]
    [InlineData("3530111333300000", "JCB")]
    [InlineData("6200000000000005", "UnionPay")]
    public void IsCardNumber_AcceptsTestCardsOfEachScheme(string digits, string scheme) =>
        Assert.True(Luhn.IsCardNumber(digits), scheme);

    [Theory]
    [InlineData("4111111111111112", "check digit off by one")]
    [InlineData("9000000000000001", "Luhn-valid but no card scheme starts with 9")]
    [InlineData("1234567890123452", "Luhn-valid but no card scheme starts with 1")]
    [InlineData("7000000000000005", "Luhn-valid but no card scheme starts with 7")]
    [InlineData("0000000000000000", "all zeros pass Luhn")]
    [InlineData("4444444444444444", "one repeated digit")]
    [InlineData("411111111111", "12 digits is too short")]
    [InlineData("41111111111111111111", "20 digits is too long")]
    [InlineData("378282246310005000", "Amex prefix with a Visa-free length")]
    [InlineData("4111-1111-1111-1111", "separators are removed before the check")]
    public void IsCardNumber_RefusesWhatIsNotACardNumber(string digits, string why) =>
        Assert.False(Luhn.IsCardNumber(digits), why);

    [Theory]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    [InlineData("0", true)]
    [InlineData("", false)]
    [InlineData("1a", false)]
    public void IsValid_IsTheMod10Check(string digits, bool valid) =>
        Assert.Equal(valid, Luhn.IsValid(digits));
}
