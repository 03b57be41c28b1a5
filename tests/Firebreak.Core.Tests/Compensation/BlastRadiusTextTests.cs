using Firebreak.Compensation;

namespace Firebreak.Core.Tests.Compensation;

public sealed class BlastRadiusTextTests
{
    [Fact]
    public void Summary_ReadsActionsThenEntitiesThenMoney()
    {
        var radius = new BlastRadius(
            new BlastRadiusSelection(),
            Runs: 312,
            Actions: 312,
            [new EntityCount("ticket", 312), new EntityCount("customer", 47)],
            [new MoneyTotal("USD", 12_480m, 312)],
            FirstAt: null,
            LastAt: null);

        Assert.Equal("312 actions · 312 tickets · 47 customers · USD 12,480.00", BlastRadiusText.Summary(radius));
    }

    [Fact]
    public void Summary_OfOneAction_IsSingular_AndOfNothing_SaysZero()
    {
        var one = new BlastRadius(new BlastRadiusSelection(), 1, 1, [new EntityCount("ticket", 1)], [], null, null);
        var none = new BlastRadius(new BlastRadiusSelection(), 0, 0, [], [], null, null);

        Assert.Equal("1 action · 1 ticket", BlastRadiusText.Summary(one));
        Assert.Equal("0 actions", BlastRadiusText.Summary(none));
    }

    [Theory]
    [InlineData("12480", "USD 12,480.00")]
    [InlineData("12480.000000", "USD 12,480.00")]
    [InlineData("0.5", "USD 0.50")]
    [InlineData("1234567.123456", "USD 1,234,567.123456")]
    [InlineData("-40", "USD -40.00")]
    public void Amount_KeepsEveryDigitItNeeds_AndAtLeastTwoDecimals(string amount, string expected) =>
        Assert.Equal(expected, BlastRadiusText.Amount("USD", decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
}
