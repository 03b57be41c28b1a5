using Firebreak.Ledger;
using Firebreak.Server.Approvals;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Server.Http;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Firebreak.Server.Ledger;

internal static class ActionsEndpoints
{
    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/actions").WithTags("Actions");
        var record = group.Requiring(Policies.Record);
        record.MapPost("/", RecordAction)
            .WithName("RecordAction")
            .WithSummary("Records a tool call with side effects. A repeated idempotency key returns the original when the arguments are identical, 409 when they differ. An agent key's record of a risky call as pending or executed that the controls in force forbid is refused with 409 naming the control.");
        record.MapPost("/complete", CompleteAction)
            .WithName("CompleteAction").WithSummary("Records the final outcome of a pending action.");
        group.Requiring(Policies.Read).MapGet("/", ListActions)
            .WithName("ListActions").WithSummary("Lists actions, newest first.");
        return app;
    }

    private static async Task<Results<Created<ActionRecord>, Ok<ActionRecord>, ValidationProblem, ProblemHttpResult>> RecordAction(
        RecordActionRequest request,
        LedgerStore ledger,
        RegistryStore registry,
        ControlPlane plane,
        ApprovalStore approvals,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        var caller = Caller.From(http.User);
        if (!caller.MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not record actions of agent '{request.AgentId}'.");
        }

        if (await registry.GetAsync(request.AgentId, cancellationToken) is not { } agent)
        {
            return Problems.NotFound($"Agent '{request.AgentId}' is not registered.");
        }

        // Only keys bound to the agent are held to the controls: an operator key may lift any control, so refusing it
        // would protect nothing, and operators import records that were decided elsewhere. A replay of a recorded key
        // returns the original whatever the controls say now: the ledger already holds it (looked up only on refusal,
        // to keep the allowed path at one write).
        if (caller.Role != Roles.Operator
            && await ActionAdmission.RefuseAsync(request, agent, plane.Current, approvals, time.GetUtcNow(), cancellationToken) is { } refused
            && await ledger.GetActionAsync(request.AgentId, request.IdempotencyKey, cancellationToken) is null)
        {
            return refused;
        }

        var result = await ledger.RecordActionAsync(request, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Created => TypedResults.Created((string?)null, result.Value),
            WriteStatus.Existing => TypedResults.Ok(result.Value!),
            _ => Problems.Refused(result),
        };
    }

    private static async Task<Results<Ok<ActionRecord>, ValidationProblem, ProblemHttpResult>> CompleteAction(
        CompleteActionRequest request,
        LedgerStore ledger,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = LedgerValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not record actions of agent '{request.AgentId}'.");
        }

        // Completions are never refused for the controls in force: the pending record was admitted, the effect may
        // already have run when a kill lands, and the ledger must be able to say what really happened.
        var result = await ledger.CompleteActionAsync(request, cancellationToken);
        return Outcome<ActionRecord>.From(result).Answer(TypedResults.Ok);
    }

    private static async Task<Results<Ok<IReadOnlyList<ActionRecord>>, ValidationProblem>> ListActions(
        LedgerStore ledger,
        string? agent,
        string? runId,
        long? before,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        return TypedResults.Ok(await ledger.ListActionsAsync(new ActionQuery(agent, runId, before, size), cancellationToken));
    }
}
