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
        app.MapPost("/api/v1/decisions", Decide)
            .WithTags("Decisions")
            .WithName("DecideToolCall")
            .WithSummary("Takes a tool call through the enforcement pipeline up to execution: allow (a risky call recorded pending), deny, approval_required or shadow. For agents in any language; see docs/design/enforcement.md.")
            .RequireAuthorization(Policies.Record);
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
}
