using System.Text.Json;
using Firebreak.Incidents;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Incidents;

public sealed class FailureClassTests
{
    private sealed record Carrier(FailureClass FailureClass);

    [Theory]
    [InlineData(FailureClass.IntentMisclassification, "intent-misclassification")]
    [InlineData(FailureClass.ToolMisuse, "tool-misuse")]
    [InlineData(FailureClass.ContextDrift, "context-drift")]
    [InlineData(FailureClass.PolicyBypass, "policy-bypass")]
    [InlineData(FailureClass.CostRunaway, "cost-runaway")]
    [InlineData(FailureClass.Other, "other")]
    public void Names_AreKebabCaseEverywhere(FailureClass failureClass, string name)
    {
        var json = $$"""{"failureClass":"{{name}}"}""";

        Assert.Equal(name, FailureClassNames.Format(failureClass));
        Assert.Equal(failureClass, FailureClassNames.Parse(name));
        Assert.Equal(failureClass, FailureClassNames.Parse(name.ToUpperInvariant()));
        Assert.Equal(json, JsonSerializer.Serialize(new Carrier(failureClass), FirebreakJson.Options));
        Assert.Equal(failureClass, JsonSerializer.Deserialize<Carrier>(json, FirebreakJson.Options)!.FailureClass);
        Assert.Equal($"\"{name}\"", JsonSerializer.Serialize(failureClass));
        Assert.Equal(failureClass, JsonSerializer.Deserialize<FailureClass>($"\"{name}\""));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("tool_misuse")]
    [InlineData("ToolMisuse")]
    [InlineData("misuse")]
    public void TryParse_RefusesOtherSpellings(string? text)
    {
        Assert.False(FailureClassNames.TryParse(text, out _));
    }

    [Fact]
    public void Parse_ListsTheValidNames()
    {
        var error = Assert.Throws<FormatException>(() => FailureClassNames.Parse("oops"));

        Assert.Contains("intent-misclassification, tool-misuse, context-drift, policy-bypass, cost-runaway, other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_RefusesSnakeCaseForThisEnum()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Carrier>("""{"failureClass":"tool_misuse"}""", FirebreakJson.Options));
    }
}
