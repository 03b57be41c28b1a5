using System.Diagnostics.CodeAnalysis;
using Firebreak.Registry;
using Firebreak.Validation;

namespace Firebreak.Control;

/// <summary>Expands a <see cref="ControlChangeRequest"/> against the registry into the concrete <see cref="ControlChange"/> it makes.</summary>
public static class ControlChangePlanner
{
    /// <summary>
    /// Validates <paramref name="request"/> and resolves its target against <paramref name="agent"/>: an agent target
    /// becomes its agent scope, named tools become one tool scope each, risk classes become one tool scope for each
    /// declared tool of a listed class. Risk targeting is resolved now: a tool registered later is not covered.
    /// Unknown agents and tools, and a risk target that matches no tool, are refused, because a change that
    /// contains nothing must not look as if it did.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="agent">The registered agent the request names; <see langword="null"/> when it is not registered or the target is global.</param>
    /// <param name="actor">The authenticated operator or detector (never taken from the request body).</param>
    /// <param name="now">The time of the change; <see cref="ControlChangeRequest.For"/> counts from here.</param>
    /// <param name="change">The change, when valid.</param>
    /// <param name="errors">Field errors; empty when valid.</param>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is empty.</exception>
    public static bool TryExpand(
        ControlChangeRequest request,
        AgentDefinition? agent,
        string actor,
        DateTimeOffset now,
        [NotNullWhen(true)] out ControlChange? change,
        out ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        errors = ControlChangeValidator.Validate(request);
        if (!errors.IsValid)
        {
            change = null;
            return false;
        }

        return TryResolve(request, agent, actor, now, out change, out errors);
    }

    /// <summary>
    /// The second half of <see cref="TryExpand"/>, for a caller that already ran <see cref="ControlChangeValidator.Validate"/>
    /// on <paramref name="request"/> (to refuse a bad request before it looks the agent up): resolves its target against
    /// <paramref name="agent"/> without checking the request again.
    /// </summary>
    /// <param name="request">The request, which <see cref="ControlChangeValidator.Validate"/> accepted.</param>
    /// <param name="agent">The registered agent the request names; <see langword="null"/> when it is not registered or the target is global.</param>
    /// <param name="actor">The authenticated operator or detector (never taken from the request body).</param>
    /// <param name="now">The time of the change; <see cref="ControlChangeRequest.For"/> counts from here.</param>
    /// <param name="change">The change, when its target resolves.</param>
    /// <param name="errors">Field errors: an unregistered agent, unknown tools, a risk target that matches no tool; empty when it resolves.</param>
    /// <exception cref="ArgumentException"><paramref name="actor"/> is empty.</exception>
    public static bool TryResolve(
        ControlChangeRequest request,
        AgentDefinition? agent,
        string actor,
        DateTimeOffset now,
        [NotNullWhen(true)] out ControlChange? change,
        out ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        change = null;
        errors = new ValidationErrors();
        if (request.Target != ControlTarget.Global && (agent is null || !string.Equals(agent.Id, request.AgentId, StringComparison.Ordinal)))
        {
            errors.Add("agentId", $"agent '{request.AgentId}' is not registered");
            return false;
        }

        var scopes = request.Target switch
        {
            ControlTarget.Global => [ControlScope.Global],
            ControlTarget.Agent => [ControlScope.ForAgent(agent!.Id)],
            ControlTarget.Tools => NamedTools(agent!, request.Tools!, errors),
            _ => ToolsAtRisk(agent!, request.Risk!, errors),
        };
        if (!errors.IsValid)
        {
            return false;
        }

        change = new ControlChange(
            actor,
            request.Reason,
            now,
            request.Mode is null ? [] : scopes,
            request.Mode,
            request.IncidentId,
            request.For is { } duration ? now + duration : null,
            request.Freeze is null ? null : agent!.Id,
            request.Freeze ?? false,
            StrictAgentId: request.Strict is null ? null : agent!.Id,
            Strict: request.Strict ?? false);
        return true;
    }

    private static List<ControlScope> NamedTools(AgentDefinition agent, IReadOnlyList<string> tools, ValidationErrors errors)
    {
        var scopes = new List<ControlScope>(tools.Count);
        for (var i = 0; i < tools.Count; i++)
        {
            if (agent.FindTool(tools[i]) is null)
            {
                errors.Add($"tools[{i}]", $"agent '{agent.Id}' has no tool '{tools[i]}'");
            }
            else
            {
                scopes.Add(ControlScope.ForTool(agent.Id, tools[i]));
            }
        }

        return scopes;
    }

    private static List<ControlScope> ToolsAtRisk(AgentDefinition agent, IReadOnlyList<RiskClass> risk, ValidationErrors errors)
    {
        var scopes = new List<ControlScope>();
        foreach (var tool in agent.Tools)
        {
            if (risk.Contains(tool.Risk))
            {
                scopes.Add(ControlScope.ForTool(agent.Id, tool.Name));
            }
        }

        if (scopes.Count == 0)
        {
            errors.Add("risk", $"agent '{agent.Id}' has no tools of risk {string.Join(", ", risk).ToLowerInvariant()}");
        }

        return scopes;
    }
}
