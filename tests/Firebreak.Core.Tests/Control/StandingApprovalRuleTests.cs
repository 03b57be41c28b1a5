using System.Text.Json;
using Firebreak.Control;
using static Firebreak.Core.Tests.Control.ControlFixtures;

namespace Firebreak.Core.Tests.Control;

public sealed class StandingApprovalRuleTests
{
    private static readonly StandingApprovalRule UpTo20 = new(Agent, Refund, T0.AddHours(1), "carol", "amount", 20m);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData("""{"amount":20}""", true)]
    [InlineData("""{"amount":20.00}""", true)]
    [InlineData("""{"amount":0}""", true)]
    [InlineData("""{"amount":19.99,"order":812}""", true)]
    [InlineData("""{"amount":20.01}""", false)]
    [InlineData("""{"amount":1e3}""", false)]
    [InlineData("""{"amount":-5}""", false)]
    [InlineData("""{"amount":"10"}""", false)]
    [InlineData("""{"amount":null}""", false)]
    [InlineData("""{"Amount":10}""", false)]
    [InlineData("""{"order":812}""", false)]
    [InlineData("""[10]""", false)]
    public void Covers_CallsWithinTheAmountBound(string arguments, bool expected) =>
        Assert.Equal(expected, UpTo20.Covers(Agent, Refund, Json(arguments), T0));

    [Theory]
    [InlineData(Agent, Refund, 0, true)]
    [InlineData(Agent, Refund, 3599, true)]
    [InlineData(Agent, Refund, 3600, false)]
    [InlineData(Agent, "adjust_credit", 0, false)]
    [InlineData(OtherAgent, Refund, 0, false)]
    public void Covers_OnlyItsToolUntilItExpires(string agentId, string tool, int secondsAfterT0, bool expected) =>
        Assert.Equal(expected, UpTo20.Covers(agentId, tool, Json("""{"amount":5}"""), T0.AddSeconds(secondsAfterT0)));

    [Fact]
    public void RuleWithoutBound_CoversEveryCallOfTheTool()
    {
        var rule = new StandingApprovalRule(Agent, Refund, T0.AddHours(1), "carol");

        Assert.True(rule.Covers(Agent, Refund, Json("""{"amount":5000}"""), T0));
    }

    [Theory]
    [InlineData("amount", null)]
    [InlineData(null, 20.0)]
    public void HalfConfiguredBound_CoversNothing(string? argument, double? max)
    {
        var rule = new StandingApprovalRule(Agent, Refund, T0.AddHours(1), "carol", argument, (decimal?)max);

        Assert.False(rule.Covers(Agent, Refund, Json("""{"amount":5}"""), T0));
    }
}
