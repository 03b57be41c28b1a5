using System.Text.Json;
using Firebreak.Control;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Control;

public sealed class ControlScopeTests
{
    [Theory]
    [InlineData("global", ControlScopeKind.Global, null, null)]
    [InlineData("agent:support", ControlScopeKind.Agent, "support", null)]
    [InlineData("agent:a1", ControlScopeKind.Agent, "a1", null)]
    [InlineData("tool:support/issue_refund", ControlScopeKind.Tool, "support", "issue_refund")]
    [InlineData("tool:support-eu/crm.update-v2", ControlScopeKind.Tool, "support-eu", "crm.update-v2")]
    public void Parse_ReadsCanonicalKeys(string key, ControlScopeKind kind, string? agentId, string? toolName)
    {
        var scope = ControlScope.Parse(key);

        Assert.Equal(kind, scope.Kind);
        Assert.Equal(agentId, scope.AgentId);
        Assert.Equal(toolName, scope.ToolName);
        Assert.Equal(key, scope.Key);
        Assert.Equal(key, scope.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Global")]
    [InlineData("global ")]
    [InlineData("agent:")]
    [InlineData("agent:Support")]
    [InlineData("agent:support/issue_refund")]
    [InlineData("agent:-support")]
    [InlineData("tool:support")]
    [InlineData("tool:support/")]
    [InlineData("tool:/issue_refund")]
    [InlineData("tool:support/issue/refund")]
    [InlineData("tool:support/issue refund")]
    [InlineData("support")]
    public void TryParse_RefusesMalformedKeys(string key)
    {
        Assert.False(ControlScope.TryParse(key, out var scope));
        Assert.Null(scope);
        Assert.Throws<FormatException>(() => ControlScope.Parse(key));
    }

    [Fact]
    public void TryParse_RefusesNull() => Assert.False(ControlScope.TryParse(null, out _));

    [Fact]
    public void Factories_BuildTheSameScopesAsParse()
    {
        Assert.Equal(ControlScope.Parse("global"), ControlScope.Global);
        Assert.Equal(ControlScope.Parse("agent:support"), ControlScope.ForAgent("support"));
        Assert.Equal(ControlScope.Parse("tool:support/issue_refund"), ControlScope.ForTool("support", "issue_refund"));
    }

    [Theory]
    [InlineData("Support", "issue_refund")]
    [InlineData("support", "issue/refund")]
    [InlineData("support", "")]
    public void ForTool_RefusesInvalidNames(string agentId, string toolName) =>
        Assert.Throws<ArgumentException>(() => ControlScope.ForTool(agentId, toolName));

    [Fact]
    public void ForAgent_RefusesInvalidIds() => Assert.Throws<ArgumentException>(() => ControlScope.ForAgent("no spaces"));

    [Fact]
    public void Json_WritesTheKeyAsAString()
    {
        var scope = ControlScope.ForTool("support", "issue_refund");

        var json = JsonSerializer.Serialize(scope, FirebreakJson.Options);

        Assert.Equal("\"tool:support/issue_refund\"", json);
        Assert.Equal(scope, JsonSerializer.Deserialize<ControlScope>(json, FirebreakJson.Options));
    }

    [Theory]
    [InlineData("\"agent:\"")]
    [InlineData("42")]
    public void Json_RefusesMalformedKeys(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ControlScope>(json, FirebreakJson.Options));
}
