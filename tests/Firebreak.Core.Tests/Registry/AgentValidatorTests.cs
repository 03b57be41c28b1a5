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

    [Fact]
    public void MemoryHooks_DeclareAtLeastOneHook_EachAnHttpTemplate_WithAVerifyFieldOnlyBesideAVerifyUrl()
    {
        var valid = AgentValidator.Validate(Agent() with
        {
            Memory = new AgentMemoryHooks(new HttpCompensator("{endpoint.desk}/memory/purge", "{endpoint.desk}/memory/window?since={since}&until={until}", "count", "0")),
        });
        var empty = AgentValidator.Validate(Agent() with { Memory = new AgentMemoryHooks() }).ToDictionary();
        var bad = AgentValidator.Validate(Agent() with
        {
            Memory = new AgentMemoryHooks(new HttpCompensator("ftp://desk/purge"), new HttpCompensator("{endpoint.desk}/q", VerifyField: "quarantined")),
        }).ToDictionary();

        Assert.True(valid.IsValid);
        Assert.Equal(["memory"], empty.Keys);
        Assert.Equal(["memory.purge.url", "memory.quarantine.verifyField"], bad.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void McpUpstreams_AreNamedOnce_AndEachIsEitherAProcessOrAnHttpEndpoint()
    {
        var errors = AgentValidator.Validate(Agent() with
        {
            Mcp = new McpGatewayDefinition(
            [
                new McpUpstreamDefinition("memory", "node", ["server.js"], new Dictionary<string, string> { ["MEMORY_FILE_PATH"] = "/tmp/m.jsonl" }),
                new McpUpstreamDefinition("memory", Url: new Uri("http://127.0.0.1:3001/mcp")),
                new McpUpstreamDefinition("both", "node", Url: new Uri("http://127.0.0.1:3001/mcp")),
                new McpUpstreamDefinition("neither"),
                new McpUpstreamDefinition("ftp", Url: new Uri("ftp://example.com/mcp")),
                new McpUpstreamDefinition("Bad Name", "node"),
            ]),
        }).ToDictionary();

        Assert.Equal(
            ["mcp.upstreams[1].name", "mcp.upstreams[2]", "mcp.upstreams[3]", "mcp.upstreams[4].url", "mcp.upstreams[5].name"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void McpGateway_NeedsAnUpstream_AndUnregisteredToolsCountAsWritesByDefault()
    {
        Assert.False(AgentValidator.Validate(Agent() with { Mcp = new McpGatewayDefinition([]) }).IsValid);
        var gateway = new McpGatewayDefinition([new McpUpstreamDefinition("search", Url: new Uri("https://search.example/mcp"))]);
        Assert.True(AgentValidator.Validate(Agent() with { Mcp = gateway }).IsValid);
        Assert.Equal(RiskClass.Write, gateway.EffectiveUnregisteredToolRisk);
        Assert.Equal(RiskClass.Financial, (gateway with { UnregisteredToolRisk = RiskClass.Financial }).EffectiveUnregisteredToolRisk);
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
