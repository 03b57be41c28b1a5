using System.Text.Json;
using Firebreak.Guardrails;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class ArgumentRuleTests
{
    private static JsonElement Args(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("amount <= 50", """{"amount":50}""", true)]
    [InlineData("amount <= 50", """{"amount":50.01}""", false)]
    [InlineData("amount<=50", """{"amount":"49.99"}""", true)]
    [InlineData("amount <= 50", """{"amount":"fifty"}""", false)]
    [InlineData("amount <= 50", """{"amount":true}""", false)]
    [InlineData("amount <= 50", """{"orderId":"1042"}""", true)]
    [InlineData("amount <= 50", """{"amount":null}""", true)]
    [InlineData("amount < 50", """{"amount":50}""", false)]
    [InlineData("amount >= -10.5", """{"amount":-10.5}""", true)]
    [InlineData("amount > 0", """{"amount":0}""", false)]
    [InlineData("refund.amount <= 50", """{"refund":{"amount":70}}""", false)]
    [InlineData("refund.amount <= 50", """{"refund":"70"}""", true)]
    [InlineData("currency == \"USD\"", """{"currency":"usd"}""", true)]
    [InlineData("currency != \"USD\"", """{"currency":"USD"}""", false)]
    [InlineData("priority == 1", """{"priority":1.0}""", true)]
    [InlineData("currency in [\"USD\", \"EUR\"]", """{"currency":"EUR"}""", true)]
    [InlineData("currency in [\"USD\", \"EUR\"]", """{"currency":"GBP"}""", false)]
    [InlineData("currency not in [\"RUB\"]", """{"currency":"RUB"}""", false)]
    [InlineData("tier in [1, 2]", """{"tier":2}""", true)]
    [InlineData("to domain in [\"example.com\"]", """{"to":"Jane@EXAMPLE.com"}""", true)]
    [InlineData("to domain in [\"example.com\"]", """{"to":"jane@example.com.evil.net"}""", false)]
    [InlineData("to domain in [\"example.com\"]", """{"to":"jane@mail.example.com"}""", false)]
    [InlineData("to domain in [\"example.com\"]", """{"to":"not an address"}""", false)]
    [InlineData("to domain in [\"example.com\"]", """{"to":["a@example.com","b@evil.net"]}""", false)]
    [InlineData("to domain in [\"example.com\"]", """{"to":["a@example.com","b@example.com"]}""", true)]
    [InlineData("to in [\"ops@example.com\"]", """{"to":"OPS@example.com"}""", true)]
    [InlineData("items.amount <= 10", """{"items":[{"amount":5},{"amount":20}]}""", false)]
    [InlineData("items.amount <= 10", """{"items":[{"amount":5},{"sku":"x"}]}""", true)]
    public void Check_FollowsTheDocumentedSemantics(string rule, string arguments, bool complies)
    {
        var parsed = ArgumentRule.Parse(rule);

        var broken = parsed.Check(Args(arguments));

        Assert.Equal(complies, broken is null);
    }

    [Fact]
    public void ABrokenRule_SaysWhatBrokeIt_AndRedactsPersonalData()
    {
        var amount = ArgumentRule.Parse("amount <= 500").Check(Args("""{"amount":700}"""));
        var recipient = ArgumentRule.Parse("to domain in [\"example.com\"]").Check(Args("""{"to":"jane@evil.net"}"""));

        Assert.Equal("amount 700 breaks the rule amount <= 500", amount);
        Assert.Equal("to [redacted:email] breaks the rule to domain in [\"example.com\"]", recipient);
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("amount", "expects an operator")]
    [InlineData("amount <= ", "expects a number")]
    [InlineData("amount <= \"50\"", "expects a number")]
    [InlineData("amount ~ 50", "expects an operator")]
    [InlineData("amount <= 50 or 60", "unexpected text")]
    [InlineData("currency in \"USD\"", "expects a list")]
    [InlineData("currency in [\"USD\"", "expects ',' or ']'")]
    [InlineData("to domain in [\"jane@example.com\"]", "domain names")]
    [InlineData("3amount <= 5", "argument name")]
    [InlineData("to == \"open", "not closed")]
    [InlineData("amount inside [1]", "expects an operator")]
    public void TryParse_RefusesMalformedRules_SayingWhy(string rule, string message)
    {
        Assert.False(ArgumentRule.TryParse(rule, out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_RefusesOverlongRules() =>
        Assert.False(ArgumentRule.TryParse("amount <= " + new string('9', ArgumentRule.MaxLength), out _, out _));

    [Fact]
    public void Parse_ReadsPathOperatorAndEscapedStrings()
    {
        var rule = ArgumentRule.Parse("  customer.note not in [\"say \\\"hi\\\"\", \"a\\\\b\"] ");

        Assert.Equal("customer.note", rule.Path);
        Assert.Equal(RuleOperator.NotIn, rule.Operator);
        Assert.NotNull(rule.Check(Args("""{"customer":{"note":"say \"hi\""}}""")));
        Assert.NotNull(rule.Check(Args("""{"customer":{"note":"a\\b"}}""")));
        Assert.Null(rule.Check(Args("""{"customer":{"note":"other"}}""")));
    }
}
