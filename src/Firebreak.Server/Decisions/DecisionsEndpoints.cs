using Firebreak.Control;
using Firebreak.Ledger;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Decisions;

internal static class DecisionsEndpoints
{
    public static IEndpointRouteBuilder MapDecisionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.Requiring(Policies.Record).WithTags("Decisions");
        group.MapPost("/api/v1/decisions", Decide)
            .WithName("DecideToolCall")
            .WithSummary("Takes a tool call through the enforcement pipeline up to execution: allow (a risky call recorded pending), deny, approval_required or shadow. For agents in any language; see docs/design/enforcement.md.");
        group.MapPost("/api/v1/decisions/runs", DecideRun)
            .WithName("DecideRunStart")
            .WithSummary("Decides a new run: allow (the run started), held (the agent is paused; the input is held), fallback (the agent's degraded experience) or deny (the agent is killed).");
        return app;
    }

    private static async Task<Results<Ok<DecisionResponse>, ValidationProblem, ProblemHttpResult>> Decide(
        DecisionRequest request,
        DecisionPoint point,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request.ToRecord(ActionOutcome.Pending));
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not decide calls of agent '{request.AgentId}'.");
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is not { } agent)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        return TypedResults.Ok(await point.DecideAsync(request, agent, cancellationToken));
    }

    private static async Task<Results<Ok<RunDecisionResponse>, ValidationProblem, ProblemHttpResult>> DecideRun(
        RunDecisionRequest request,
        DecisionPoint point,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(new StartRunRequest(request.AgentId, CorrelationId: request.CorrelationId, Traceparent: request.Traceparent, Input: request.Input));
        errors.MaxLength("routingKey", request.RoutingKey, LedgerValidator.MaxIdLength);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not start runs of agent '{request.AgentId}'.");
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is not { } agent)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        return TypedResults.Ok(await point.DecideRunAsync(request, agent, cancellationToken));
    }
}
