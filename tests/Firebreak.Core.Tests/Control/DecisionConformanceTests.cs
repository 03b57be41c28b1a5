using System.Text.Json;
using Firebreak.Control;
using Firebreak.Guardrails;
using Firebreak.Ledger;
using Firebreak.Registry;
using Firebreak.Serialization;

namespace Firebreak.Core.Tests.Control;

/// <summary>
/// Runs conformance/decisions.json, the table the Python and TypeScript clients run too, against
/// <see cref="ControlDecider"/> and <see cref="ToolCallPipeline"/>: every member of every case.
/// </summary>
public sealed class DecisionConformanceTests
{
    private static readonly Lazy<JsonElement> Table = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "conformance", "decisions.json"))).RootElement.Clone());

    public static TheoryData<string> CaseNames()
    {
        var names = new TheoryData<string>();
        foreach (var item in Table.Value.GetProperty("cases").EnumerateArray())
        {
            names.Add(item.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Fact]
    public void TheTableCoversEveryModeVerdictStepAndRiskClass()
    {
        var cases = Table.Value.GetProperty("cases").EnumerateArray().ToList();
        var expects = cases.Select(c => c.GetProperty("expect")).ToList();

        Assert.Equal(Enum.GetNames<ControlMode>().Select(Snake).Order(), expects.Select(e => e.GetProperty("mode").GetString()!).Distinct().Order());
        Assert.Equal(Enum.GetNames<GuardVerdict>().Select(Snake).Order(), expects.Select(e => e.GetProperty("verdict").GetString()!).Distinct().Order());
        var steps = new[] { CallStep.Execute, CallStep.Record, CallStep.Shadow, CallStep.Approval, CallStep.Block, CallStep.Refuse }.Select(s => Snake(s.ToString())).Order();
        Assert.Equal(steps, expects.Where(e => e.TryGetProperty("step", out _)).Select(e => e.GetProperty("step").GetString()!).Distinct().Order());
        var risks = cases.Where(c => c.TryGetProperty("definition", out var d) && d.ValueKind == JsonValueKind.Object)
            .Select(c => c.GetProperty("definition").GetProperty("risk").GetString()!).Distinct().Order();
        Assert.Equal(Enum.GetNames<RiskClass>().Select(Snake).Order(), risks);
        Assert.Contains(cases, c => c.TryGetProperty("lease", out var lease) && lease.GetString() == "stale");
        Assert.Equal(cases.Count, cases.Select(c => c.GetProperty("name").GetString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void EveryEnforcementPointDecidesTheCaseSo(string name)
    {
        var item = Table.Value.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var expect = item.GetProperty("expect");
        var snapshot = item.GetProperty("snapshot").Deserialize<ControlSnapshot>(FirebreakJson.Options)!;
        var agent = item.GetProperty("agent").GetString()!;
        var now = item.GetProperty("now").GetDateTimeOffset();

        if (item.GetProperty("kind").GetString() == "run_start")
        {
            var start = ControlDecider.DecideRunStart(snapshot, agent, now);
            AssertDecision(expect, start);
            return;
        }

        var definition = item.GetProperty("definition").Deserialize<ToolDefinition?>(FirebreakJson.Options);
        var unknownRisk = item.TryGetProperty("unknownToolRisk", out var risk) ? risk.Deserialize<RiskClass>(FirebreakJson.Options) : RiskClass.Irreversible;
        var lease = item.GetProperty("lease").Deserialize<LeaseState>(FirebreakJson.Options);
        var tool = item.GetProperty("tool").GetString()!;
        var decision = new ControlDecider(new ControlDeciderOptions { UnknownToolRisk = unknownRisk }).DecideToolCall(snapshot, agent, tool, definition, lease, now);
        AssertDecision(expect, decision);

        var guardrails = ToolCallPipeline.InspectsArguments(decision) ? Guardrails(item, tool) : GuardrailOutcome.Clean;
        var plan = ToolCallPipeline.Plan(decision, guardrails);
        if (plan.Step is CallStep.Approval or CallStep.Record && item.TryGetProperty("prior", out var prior))
        {
            plan = ToolCallPipeline.AfterRecord(plan with { Step = CallStep.Record }, item.GetProperty("idempotencyKey").GetString()!, prior.Deserialize<ActionOutcome>(FirebreakJson.Options), decision);
        }

        Assert.Equal(expect.GetProperty("step").GetString(), Snake(plan.Step.ToString()));
        if (plan.Step == CallStep.Refuse && expect.TryGetProperty("message", out var refusal))
        {
            Assert.Equal(refusal.GetString(), plan.Message);
        }
    }

    private static void AssertDecision(JsonElement expect, GuardDecision decision)
    {
        Assert.Equal(expect.GetProperty("verdict").GetString(), Snake(decision.Verdict.ToString()));
        Assert.Equal(expect.GetProperty("mode").GetString(), Snake(decision.Mode.ToString()));
        Assert.Equal(expect.GetProperty("decidedBy").GetString(), decision.DecidedBy?.Scope.Key);
        if (expect.TryGetProperty("failedClosed", out var failedClosed))
        {
            Assert.Equal(failedClosed.GetBoolean(), decision.FailedClosed);
        }

        if (expect.TryGetProperty("message", out var message) && !(expect.TryGetProperty("step", out var step) && step.GetString() == "refuse"))
        {
            Assert.Equal(message.GetString(), decision.Message);
        }
    }

    private static GuardrailOutcome Guardrails(JsonElement item, string tool)
    {
        var verdict = item.TryGetProperty("guardrails", out var answer) ? answer.GetString() : "clean";
        return verdict switch
        {
            "clean" => GuardrailOutcome.Clean,
            "approval" => GuardrailOutcome.Of([new GuardrailHit("amount-limit", GuardrailCategory.Policy, GuardrailAction.Approval, GuardrailStage.Arguments, "amount over 100", tool)]),
            "block" => GuardrailOutcome.Of([new GuardrailHit("pii", GuardrailCategory.Pii, GuardrailAction.Block, GuardrailStage.Arguments, "a card number", tool)]),
            _ => throw new InvalidOperationException($"Unknown guardrails answer '{verdict}'."),
        };
    }

    private static string Snake(string pascal) => JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
