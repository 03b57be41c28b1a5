using Firebreak.Ledger;

namespace Firebreak.Core.Tests.Ledger;

public sealed class EntityRefTests
{
    [Theory]
    [InlineData("ticket:812", "ticket", "812")]
    [InlineData("customer:47", "customer", "47")]
    [InlineData("order:o-1:line-2", "order", "o-1:line-2")]
    [InlineData("kb_doc:refund-policy", "kb_doc", "refund-policy")]
    public void Parses_TypeAndId(string text, string type, string id)
    {
        Assert.True(EntityRef.TryParse(text, out var entity));
        Assert.Equal(new EntityRef(type, id), entity);
        Assert.Equal(text, entity.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ticket")]
    [InlineData(":812")]
    [InlineData("ticket:")]
    [InlineData("Ticket:812")]
    [InlineData("ticket:8 12")]
    public void Refuses_AnythingElse(string? text)
    {
        Assert.False(EntityRef.TryParse(text, out _));
    }

    [Fact]
    public void Money_RoundTripsThroughMicros()
    {
        Assert.Equal(12_480.123456m, Money.FromMicros(Money.ToMicros(12_480.123456m)));
        Assert.Equal(40_000_000, Money.ToMicros(40m));
    }
}
