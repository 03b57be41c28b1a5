using System.Text.Json;
using Firebreak.Ledger;

namespace Firebreak.Control;

/// <summary>
/// A tool call an agent in any language asks the server to decide (<c>POST /api/v1/decisions</c>): the server runs
/// <see cref="ToolCallPipeline"/> against its own snapshot up to execution, which is the caller's.
/// </summary>
/// <param name="AgentId">The calling agent.</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Arguments">The call's arguments, a JSON object; an approval binds exactly these.</param>
/// <param name="IdempotencyKey">The call's key: the action is recorded under it, and a repeated key is refused.</param>
/// <param name="RunId">The run making the call, if any.</param>
/// <param name="CorrelationId">The correlation id linking request, agent and tool.</param>
/// <param name="Entities">What the call touches (<c>customer:cus_9</c>), for blast radius.</param>
/// <param name="Amount">The amount at stake, if any.</param>
/// <param name="Currency">The currency of <paramref name="Amount"/>.</param>
/// <param name="ReleaseId">The release the run is on.</param>
public sealed record DecisionRequest(
    string AgentId,
    string Tool,
    JsonElement Arguments,
    string IdempotencyKey,
    string? RunId = null,
    string? CorrelationId = null,
    IReadOnlyList<string>? Entities = null,
    decimal? Amount = null,
    string? Currency = null,
    string? ReleaseId = null)
{
    /// <summary>The ledger record of this call with <paramref name="outcome"/>.</summary>
    public RecordActionRequest ToRecord(ActionOutcome outcome, JsonElement? arguments = null, JsonElement? result = null) =>
        new(AgentId, IdempotencyKey, Tool, arguments ?? Arguments, outcome, RunId, result, Entities, Amount, Currency, CorrelationId, ReleaseId);
}
