using System.Text.Json;
using Firebreak.Guardrails;
using Firebreak.Incidents;
using Firebreak.Ledger;
using Firebreak.Similarity;

namespace Firebreak.Core.Tests.Similarity;

public sealed class RunSignatureBuilderTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Build_CollapsesConsecutiveRepeats_ButKeepsOrderAndReturns()
    {
        var signature = new RunSignatureBuilder()
            .AddToolCall("lookup", null).AddToolCall("lookup", null).AddToolCall("refund", null).AddToolCall("lookup", null)
            .Build("support", RunStatus.Completed);

        Assert.Equal(["lookup", "refund", "lookup"], signature.Tools);
        Assert.Null(signature.FailureClass);
    }

    [Fact]
    public void Build_CutsLongSequences_WithTheTruncatedMarker()
    {
        var builder = new RunSignatureBuilder();
        for (var i = 0; i < RunSignature.MaxTools + 5; i++)
        {
            builder.AddToolCall($"tool-{i}", null);
        }

        var signature = builder.Build("support", RunStatus.Completed);

        Assert.Equal(RunSignature.MaxTools + 1, signature.Tools.Count);
        Assert.Equal(("tool-0", RunSignature.TruncatedMarker), (signature.Tools[0], signature.Tools[^1]));
    }

    [Fact]
    public void Build_KeepsShapesSortedAndDistinct_AcrossCallsWithDifferentValues()
    {
        var signature = new RunSignatureBuilder()
            .AddToolCall("refund", Json("""{"ticket":1,"amount":40}"""))
            .AddToolCall("close", Json("""{"ticket":1}"""))
            .AddToolCall("refund", Json("""{"amount":12,"ticket":99}"""))
            .Build("support", RunStatus.Completed);

        Assert.Equal(["close $.ticket:number", "close $:object", "refund $.amount:number", "refund $.ticket:number", "refund $:object"], signature.Shapes);
    }

    [Fact]
    public void Build_KeepsAtMostMaxShapes()
    {
        var members = string.Join(',', Enumerable.Range(0, RunSignature.MaxShapes + 10).Select(i => $"\"k{i:D4}\":1"));

        var signature = new RunSignatureBuilder().AddToolCall("t", Json($"{{{members}}}")).Build("a", RunStatus.Completed);

        Assert.Equal(RunSignature.MaxShapes, signature.Shapes.Count);
    }

    public static TheoryData<string, FailureClass?> Classifications => new()
    {
        { "clean", null },
        { "failed-run", FailureClass.Other },
        { "killed-run", FailureClass.Other },
        { "blocked-action", FailureClass.ToolMisuse },
        { "denied-on-completion", FailureClass.ToolMisuse },
        { "executed-on-completion", null },
        { "pii-block", FailureClass.ToolMisuse },
        { "pii-flag", null },
        { "loop", FailureClass.CostRunaway },
        { "almost-loop", null },
        { "injection-flag", FailureClass.PolicyBypass },
        { "injection-and-loop", FailureClass.PolicyBypass },
        { "loop-and-blocked", FailureClass.CostRunaway },
    };

    [Theory]
    [MemberData(nameof(Classifications))]
    public void Build_ClassifiesWhatTheTraceShows(string scenario, FailureClass? expected)
    {
        var builder = new RunSignatureBuilder();
        var outcome = RunStatus.Completed;
        switch (scenario)
        {
            case "failed-run":
                outcome = RunStatus.Failed;
                break;
            case "killed-run":
                outcome = RunStatus.Killed;
                break;
            case "blocked-action":
                builder.AddToolCall("refund", null, ActionOutcome.Blocked, "k1");
                break;
            case "denied-on-completion":
                builder.AddToolCall("refund", null, ActionOutcome.Pending, "k1").Complete("k1", ActionOutcome.Denied);
                break;
            case "executed-on-completion":
                builder.AddToolCall("refund", null, ActionOutcome.Pending, "k1").Complete("k1", ActionOutcome.Executed).Complete("unknown", ActionOutcome.Failed);
                break;
            case "pii-block":
                builder.AddGuardrail("pii", GuardrailCategory.Pii, GuardrailAction.Block);
                break;
            case "pii-flag":
                builder.AddGuardrail("pii", GuardrailCategory.Pii, GuardrailAction.Flag);
                break;
            case "loop":
                Repeat(builder, RunSignatureBuilder.LoopThreshold);
                break;
            case "almost-loop":
                Repeat(builder, RunSignatureBuilder.LoopThreshold - 1);
                break;
            case "injection-flag":
                builder.AddGuardrail("injection", GuardrailCategory.Injection, GuardrailAction.Flag);
                break;
            case "injection-and-loop":
                Repeat(builder, RunSignatureBuilder.LoopThreshold);
                builder.AddGuardrail("injection", GuardrailCategory.Injection, GuardrailAction.Block);
                break;
            case "loop-and-blocked":
                Repeat(builder, RunSignatureBuilder.LoopThreshold);
                builder.AddToolCall("refund", null, ActionOutcome.Blocked, "k1");
                break;
        }

        Assert.Equal(expected, builder.Build("support", outcome).FailureClass);
    }

    [Fact]
    public void Build_ListsGuardrailHitsOnce_ByNameCategoryAndVerdict()
    {
        var signature = new RunSignatureBuilder()
            .AddGuardrail("pii", GuardrailCategory.Pii, GuardrailAction.Flag)
            .AddGuardrail("max-refund", GuardrailCategory.Policy, GuardrailAction.Approval)
            .AddGuardrail("pii", GuardrailCategory.Pii, GuardrailAction.Flag)
            .Build("support", RunStatus.Completed);

        Assert.Equal(["max-refund/policy/approval", "pii/pii/flag"], signature.Guardrails);
    }

    private static void Repeat(RunSignatureBuilder builder, int times)
    {
        for (var i = 0; i < times; i++)
        {
            builder.AddToolCall("search", null);
        }
    }
}
