using System.Text.Json;
using Firebreak.Registry;

namespace Firebreak.Core.Tests.Registry;

public sealed class AgentValidatorTests
{
    private static AgentDefinition Agent(params ToolDefinition[] tools) => new("support", "support-platform", null, tools);

    [Theory]
    [InlineData("support", true)]
    [InlineData("support-eu-2", true)]
    [InlineData("s", false)]
    [InlineData("Support", false)]
    [InlineData("support--eu", false)]
    [InlineData("-support", false)]
    [InlineData("support-", false)]
    [InlineData("support_eu", false)]
    public void AgentIds_AreSlugs(string id, bool valid)
    {
        Assert.Equal(valid, AgentValidator.Validate(Agent() with { Id = id }).IsValid);
    }

    [Fact]
    public void ToolNames_AreUnique_AndSchemasAreObjects()
    {
        var errors = AgentValidator.Validate(Agent(
            new ToolDefinition("issue_refund", RiskClass.Financial),
            new ToolDefinition("issue_refund", RiskClass.Write),
            new ToolDefinition("bad name", RiskClass.Read),
            new ToolDefinition("lookup", RiskClass.Read, ArgumentsSchema: JsonDocument.Parse("[]").RootElement))).ToDictionary();

        Assert.Equal(["tools[1].name", "tools[2].name", "tools[3].argumentsSchema"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(RiskClass.Read, null, FailMode.Open)]
    [InlineData(RiskClass.Write, null, FailMode.Closed)]
    [InlineData(RiskClass.Financial, null, FailMode.Closed)]
    [InlineData(RiskClass.Message, null, FailMode.Closed)]
    [InlineData(RiskClass.Irreversible, null, FailMode.Closed)]
    [InlineData(RiskClass.Read, FailMode.Closed, FailMode.Closed)]
    [InlineData(RiskClass.Write, FailMode.Open, FailMode.Open)]
    public void FailMode_DefaultsToOpenForReadsAndClosedOtherwise(RiskClass risk, FailMode? declared, FailMode effective)
    {
        Assert.Equal(effective, new ToolDefinition("t", risk, FailMode: declared).EffectiveFailMode);
    }

    [Theory]
    [InlineData(FallbackKind.StaticResponse, "We are answering tickets by hand today.", true)]
    [InlineData(FallbackKind.StaticResponse, null, false)]
    [InlineData(FallbackKind.HumanHandoff, null, true)]
    [InlineData(FallbackKind.ReadOnlyTools, "Refunds are paused.", true)]
    [InlineData((FallbackKind)7, null, false)]
    public void Fallback_IsAKnownKind_AndAStaticResponseSaysSomething(FallbackKind kind, string? message, bool valid)
    {
        Assert.Equal(valid, AgentValidator.Validate(Agent() with { Fallback = new AgentFallback(kind, message) }).IsValid);
    }
}
