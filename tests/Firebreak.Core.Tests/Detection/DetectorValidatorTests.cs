using System.Text.Json;
using Firebreak.Detection;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Detection;

/// <summary>An agent's detectors are checked with the agent before it enters the registry.</summary>
public sealed class DetectorValidatorTests
{
    private static IDictionary<string, string[]> Errors(params DetectorDefinition[] detectors) =>
        AgentValidator.Validate(Traffic.Catalog with { Detectors = detectors }).ToDictionary();

    [Fact]
    public void TheSampleRegistrysKindOfSection_ReadsFromJson_AndIsValid()
    {
        var agent = JsonSerializer.Deserialize<AgentDefinition>(
            """
            {
              "id": "support", "owner": "support-platform",
              "tools": [ { "name": "issue_refund", "risk": "financial" } ],
              "detectors": [
                { "name": "refund-storm", "kind": "amount-rate", "tool": "issue_refund", "measure": "count", "threshold": 4, "windowSeconds": 2, "severity": "sev2", "declareIncident": true },
                { "name": "refund-share", "kind": "tool-mix-shift", "tool": "issue_refund", "baseline": 0.1, "threshold": 0.1, "minSamples": 40 },
                { "name": "tokens", "kind": "run-budget", "measure": "model-calls", "threshold": 20, "strictFactor": 0.25 }
              ]
            }
            """,
            FirebreakJson.Options)!;

        Assert.True(AgentValidator.Validate(agent).IsValid);
        var storm = agent.Detectors![0];
        Assert.Equal((DetectorKind.AmountRate, DetectorMeasure.Count, 4m, 2d, true, 0.5m), (storm.Kind, storm.Measure, storm.Threshold, storm.WindowSeconds, storm.DeclareIncident, storm.StrictFactor));
        Assert.Equal(Firebreak.Incidents.FailureClass.ContextDrift, agent.Detectors[1].FailureClass);
        Assert.Equal(Firebreak.Incidents.FailureClass.CostRunaway, agent.Detectors[2].FailureClass);
        Assert.Contains("\"kind\":\"tool-mix-shift\"", JsonSerializer.Serialize(agent, FirebreakJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_AreUniqueSlugs()
    {
        var errors = Errors(
            new DetectorDefinition("refund-storm", DetectorKind.AmountCap, 10),
            new DetectorDefinition("refund-storm", DetectorKind.AmountCap, 10),
            new DetectorDefinition("Refund Storm", DetectorKind.AmountCap, 10));

        Assert.Equal(["detectors[1].name", "detectors[2].name"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Numbers_AreInRange()
    {
        var errors = Errors(new DetectorDefinition(
            "bad", DetectorKind.Latency, -1, WindowSeconds: 0, Tool: "issue_refund", Baseline: -5, MinSamples: 0, StrictFactor: 1.5m));

        Assert.Equal(
            ["detectors[0].baseline", "detectors[0].minSamples", "detectors[0].strictFactor", "detectors[0].threshold", "detectors[0].windowSeconds"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachKind_GetsWhatItNeeds_AndOnlyWhatAppliesToIt()
    {
        var errors = Errors(
            new DetectorDefinition("no-baseline", DetectorKind.ToolCallRate, 3, Tool: "issue_refund"),
            new DetectorDefinition("no-tool", DetectorKind.ToolMixShift, 0.1m, Baseline: 0.1m),
            new DetectorDefinition("unknown-catalog-tool", DetectorKind.AmountRate, 3, Tool: "wire_money"),
            new DetectorDefinition("unknown-with-tool", DetectorKind.UnknownTool, 0, Tool: "issue_refund"),
            new DetectorDefinition("wrong-measure", DetectorKind.AmountRate, 3, Measure: DetectorMeasure.Tokens),
            new DetectorDefinition("measure-elsewhere", DetectorKind.ToolLoop, 3, Measure: DetectorMeasure.Count),
            new DetectorDefinition("entity-elsewhere", DetectorKind.AmountCap, 3, EntityType: "customer"),
            new DetectorDefinition("bad-entity", DetectorKind.RepeatCustomer, 3, Tool: "issue_refund", EntityType: "Customer Id"));

        Assert.Equal(
            [
                "detectors[0].baseline", "detectors[1].tool", "detectors[2].tool", "detectors[3].tool", "detectors[4].measure",
                "detectors[5].measure", "detectors[6].entityType", "detectors[7].entityType",
            ],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnUndefinedKind_IsRefused()
    {
        Assert.Equal(["detectors[0].kind"], Errors(new DetectorDefinition("odd", (DetectorKind)99, 1)).Keys);
    }
}
