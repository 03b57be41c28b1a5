using System.Text.Json;
using System.Text.Json.Nodes;
using Firebreak.Guardrails;
using Firebreak.Serialization;
using ModelContextProtocol.Protocol;

namespace Firebreak.Server.Mcp;

/// <summary>
/// The agent's guardrails in the gateway, the same <see cref="GuardrailEvaluator"/> the SDK guard runs. A gateway call
/// has no run, so hits travel in the result's <c>_meta</c> (<see cref="GuardrailsMeta"/>), which the ledger records
/// with the action; a blocked call is recorded as a blocked action whose result holds the hits. Resources and prompts
/// carry their hits in <c>_meta</c> too (see McpAgentGateway.Context.cs).
/// </summary>
internal sealed partial class McpAgentGateway
{
    /// <summary>The <c>_meta</c> member listing the guardrail hits of a call.</summary>
    public const string GuardrailsMeta = "firebreak/guardrails";

    private const string PointKind = "mcp_gateway";

    private bool Strict => Volatile.Read(ref _snapshot).IsStrict(AgentId);

    private GuardrailOutcome CheckArguments(McpGatewayTool tool, JsonElement arguments)
    {
        var outcome = Volatile.Read(ref _guardrails).CheckArguments(tool.Name, arguments, Strict);
        Count(outcome);
        return outcome;
    }

    /// <summary>Checks an upstream result; returns what the client gets (the result, or an error when a guardrail withholds it) and whether it was withheld.</summary>
    private (CallToolResult Shown, bool Withheld) CheckResult(McpGatewayTool tool, CallToolResult result)
    {
        var guardrails = Volatile.Read(ref _guardrails);
        if (!guardrails.ChecksResults)
        {
            return (result, false);
        }

        var outcome = guardrails.CheckResult(tool.Name, ToJson(result), Strict);
        Count(outcome);
        WithHits(result, outcome);
        return outcome.Blocks ? (WithHits(ErrorResult(outcome.Message!), outcome), true) : (result, false);
    }

    private void Count(GuardrailOutcome outcome)
    {
        foreach (var hit in outcome.Hits)
        {
            GuardrailMetrics.Hits.Add(1, GuardrailMetrics.Tags(AgentId, hit, PointKind));
        }
    }

    private static T WithHits<T>(T result, GuardrailOutcome outcome)
        where T : Result
    {
        if (outcome.IsClean)
        {
            return result;
        }

        result.Meta ??= [];
        var hits = result.Meta[GuardrailsMeta] as JsonArray ?? [];
        foreach (var hit in outcome.Hits)
        {
            hits.Add(JsonSerializer.SerializeToNode(hit, FirebreakJson.Options));
        }

        result.Meta[GuardrailsMeta] = hits;
        return result;
    }

    private JsonElement Traced(JsonElement value) => Volatile.Read(ref _guardrails).RedactForTrace(value);

    private JsonElement? Traced(JsonElement? value) => value is { } json ? Traced(json) : null;
}
