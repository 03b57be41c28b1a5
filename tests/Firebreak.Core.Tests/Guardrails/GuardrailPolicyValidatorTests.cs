using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Guardrails;

public sealed class GuardrailPolicyValidatorTests
{
    private static AgentDefinition Agent(GuardrailPolicy guardrails) =>
        new("support", "team", null, [new ToolDefinition("issue_refund", RiskClass.Financial)], Guardrails: guardrails);

    [Fact]
    public void TheRegistryJson_ReadsIntoAPolicy_AndValidates()
    {
        const string json = """
            {
              "id": "support", "owner": "team", "tools": [{ "name": "issue_refund", "risk": "financial" }],
              "guardrails": {
                "injection": { "retrieved": "block", "inputs": "flag" },
                "pii": { "action": "flag", "tools": ["send_email"], "kinds": ["email", "card_number"] },
                "rules": [{ "tool": "issue_refund", "rule": "amount <= 500", "action": "block", "name": "refund-cap" }],
                "redactTraces": true
              }
            }
            """;

        var agent = JsonSerializer.Deserialize<AgentDefinition>(json, FirebreakJson.Options)!;

        Assert.True(AgentValidator.Validate(agent).IsValid, AgentValidator.Validate(agent).ToString());
        Assert.Equal(GuardrailAction.Block, agent.Guardrails!.Injection!.Retrieved);
        Assert.Null(agent.Guardrails.Injection.Results);
        Assert.Equal([PiiKind.Email, PiiKind.CardNumber], agent.Guardrails.Pii!.Kinds);
        Assert.Equal("refund-cap", agent.Guardrails.Rules![0].EffectiveName);
        Assert.True(agent.Guardrails.RedactTraces);
    }

    [Fact]
    public void AnAgentWithoutGuardrails_IsValid_AndWritesNoGuardrailsMember()
    {
        var agent = new AgentDefinition("support", "team", null, []);

        Assert.True(AgentValidator.Validate(agent).IsValid);
        Assert.DoesNotContain("guardrails", JsonSerializer.Serialize(agent, FirebreakJson.Options), StringComparison.Ordinal);
    }

    public static TheoryData<string, GuardrailPolicy, string> Invalid() => new()
    {
        { "empty injection", new(new InjectionGuardrail()), "guardrails.injection" },
        { "undefined action", new(new InjectionGuardrail(Retrieved: (GuardrailAction)9)), "guardrails.injection.retrieved" },
        { "pii checks nothing", new(Pii: new PiiGuardrail(GuardrailAction.Flag, Arguments: false)), "guardrails.pii" },
        { "undefined pii kind", new(Pii: new PiiGuardrail(GuardrailAction.Flag, Kinds: [(PiiKind)42])), "guardrails.pii.kinds[0]" },
        { "bad pii tool", new(Pii: new PiiGuardrail(GuardrailAction.Flag, Tools: ["bad tool"])), "guardrails.pii.tools[0]" },
        { "rule does not parse", new(Rules: [new ArgumentRuleDefinition("issue_refund", "amount <=", GuardrailAction.Block)]), "guardrails.rules[0].rule" },
        { "rule tool", new(Rules: [new ArgumentRuleDefinition("", "amount <= 5", GuardrailAction.Block)]), "guardrails.rules[0].tool" },
        {
            "duplicate rule names",
            new(Rules: [new ArgumentRuleDefinition("issue_refund", "amount <= 5", GuardrailAction.Block, "cap"), new ArgumentRuleDefinition("issue_refund", "amount <= 6", GuardrailAction.Flag, "cap")]),
            "guardrails.rules[1].name"
        },
        { "too many rules", new(Rules: [.. Enumerable.Range(0, 65).Select(i => new ArgumentRuleDefinition("issue_refund", $"amount <= {i}", GuardrailAction.Flag))]), "guardrails.rules" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_RefusesBrokenPolicies_NamingTheField(string name, GuardrailPolicy policy, string field)
    {
        var errors = AgentValidator.Validate(Agent(policy));

        Assert.False(errors.IsValid, name);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }
}
