using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Core.Tests.Registry;

public sealed class RegistrySecretsTests
{
    private static readonly McpUpstreamDefinition Tickets =
        new("tickets", "node", ["tickets.js"], new Dictionary<string, string> { ["API_TOKEN"] = "secret", ["REGION"] = "eu" });

    private static readonly McpUpstreamDefinition Search = new("search", Url: new Uri("https://search.example/mcp"));

    private static AgentDefinition Agent(params McpUpstreamDefinition[] upstreams) => new("support", "team", null, [], Mcp: new McpGatewayDefinition(upstreams));

    [Fact]
    public void Redact_KeepsTheKeys_AndReplacesEveryValueWithTheMarker()
    {
        var redacted = RegistrySecrets.Redact(Agent(Tickets, Search));

        Assert.Equal(new Dictionary<string, string> { ["API_TOKEN"] = "***", ["REGION"] = "***" }, redacted.Mcp!.Upstreams[0].Env);
        Assert.Equal(Search, redacted.Mcp.Upstreams[1]);
        Assert.Equal("secret", Tickets.Env!["API_TOKEN"]);
    }

    [Fact]
    public void WithoutSecrets_DropsTheEnvKeysToo()
    {
        Assert.Null(RegistrySecrets.WithoutSecrets(Agent(Tickets)).Mcp!.Upstreams[0].Env);
    }

    [Fact]
    public void KeepStored_ReplacesMarkersWithTheStoredValues_AndTakesNewValuesAsSent()
    {
        var errors = new ValidationErrors();
        var incoming = Agent(Tickets with { Env = new Dictionary<string, string> { ["API_TOKEN"] = RegistrySecrets.Redacted, ["REGION"] = "us" } });

        var kept = RegistrySecrets.KeepStored(incoming, Agent(Tickets), errors);

        Assert.True(errors.IsValid, errors.ToString());
        Assert.Equal(new Dictionary<string, string> { ["API_TOKEN"] = "secret", ["REGION"] = "us" }, kept.Mcp!.Upstreams[0].Env);
    }

    [Theory]
    [InlineData("NEW_KEY", "node", "tickets.js", "no value is stored")]
    [InlineData("API_TOKEN", "/bin/sh", "tickets.js", "command or args changed")]
    [InlineData("API_TOKEN", "node", "exfiltrate.js", "command or args changed")]
    public void KeepStored_RefusesAMarkerWithNothingToKeep_OrForAnotherProgram(string key, string command, string script, string reason)
    {
        var errors = new ValidationErrors();
        var incoming = Agent(new McpUpstreamDefinition("tickets", command, [script], new Dictionary<string, string> { [key] = RegistrySecrets.Redacted }));

        RegistrySecrets.KeepStored(incoming, Agent(Tickets), errors);

        var message = Assert.Single(Assert.Single(errors.ToDictionary(), e => e.Key == $"mcp.upstreams[0].env.{key}").Value);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepStored_OfANewAgent_RefusesEveryMarker()
    {
        var errors = new ValidationErrors();

        RegistrySecrets.KeepStored(RegistrySecrets.Redact(Agent(Tickets)), stored: null, errors);

        Assert.Equal(["mcp.upstreams[0].env.API_TOKEN", "mcp.upstreams[0].env.REGION"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
