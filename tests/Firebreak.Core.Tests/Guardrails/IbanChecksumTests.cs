using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class IbanChecksumTests
{
    [Theory]
    [InlineData("GB82WEST12345698765432")]
    [InlineData("DE89370400440532013000")]
    [InlineData("FR1420041010050500013M02606")]
    [InlineData("NL91ABNA0417164300")]
    [InlineData("BE68539007547034")]
    [InlineData("NO9386011117947")]
    public void IsValid_AcceptsRegistryExamples(string iban) => Assert.True(IbanChecksum.IsValid(iban));

    [Theory]
    [InlineData("GB82WEST12345698765433", "check digits do not match")]
    [InlineData("GB82WEST1234569876543", "one character short of the GB length")]
    [InlineData("XX82WEST12345698765432", "unknown country")]
    [InlineData("GB8AWEST12345698765432", "check digits must be digits")]
    [InlineData("gb82west12345698765432", "lower case is normalised by the scanner, not here")]
    public void IsValid_RefusesBrokenIbans(string iban, string why) => Assert.False(IbanChecksum.IsValid(iban), why);
}
