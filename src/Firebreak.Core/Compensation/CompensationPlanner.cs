using Firebreak.Ledger;
using Firebreak.Registry;

namespace Firebreak.Compensation;

/// <summary>Decides, for each selected action, how it is compensated: the tool's HTTP compensator, its mitigation, or nothing and why.</summary>
internal static class CompensationPlanner
{
    /// <param name="action">The selected action.</param>
    /// <param name="tool">The tool's registry definition, <see langword="null"/> when the agent or tool is no longer registered.</param>
    /// <param name="endpoints">The server's configured base addresses for <c>{endpoint.name}</c>.</param>
    /// <param name="now">When the plan is made.</param>
    public static CompensationItem Plan(ActionRecord action, ToolDefinition? tool, IReadOnlyDictionary<string, string> endpoints, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(endpoints);
        var item = new CompensationItem(
            action.Seq, action.AgentId, action.IdempotencyKey, action.Tool, action.Entities, action.Amount, action.Currency,
            CompensationKind.None, null, CompensationKey.For(action.AgentId, action.IdempotencyKey), CompensationItemState.Skipped, 0, null, null, null, now);
        if (action.Outcome != ActionOutcome.Executed)
        {
            return item with { Error = $"outcome {OutcomeName(action.Outcome)}: the action had no effect to compensate" };
        }

        return tool?.Compensation switch
        {
            { Http: { } http } => CompensationTemplate.TryExpand(http.Url, action, endpoints, out var url, out var error)
                ? item with { Kind = CompensationKind.Http, Target = url, State = CompensationItemState.Planned }
                : item with { Kind = CompensationKind.Http, Error = $"cannot build the compensator URL: {error}", State = CompensationItemState.Failed },
            { InProcess: not null } => item with { Kind = CompensationKind.InProcess, Target = $"in-process:{action.AgentId}", State = CompensationItemState.Planned },
            { Mitigation: { } mitigation } => item with { Kind = CompensationKind.Mitigation, Target = mitigation.Task, State = CompensationItemState.Planned },
            _ => item with { Error = tool is null ? $"tool '{action.Tool}' is not in the registry" : $"tool '{action.Tool}' declares no compensation" },
        };
    }

    private static string OutcomeName(ActionOutcome outcome) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(outcome.ToString());
}
