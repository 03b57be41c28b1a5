using Firebreak.Approvals;
using Firebreak.Server.Auth;
using Firebreak.Server.Control;
using Firebreak.Incidents;
using Firebreak.Server.Http;
using Firebreak.Server.Incidents;
using Firebreak.Server.Registry;
using Firebreak.Server.Storage;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Approvals;

internal static class ApprovalsEndpoints
{
    /// <summary>The longest long-poll; above the approval timeout would only hold connections open for nothing.</summary>
    public const int MaxWaitMs = 60_000;

    public static IEndpointRouteBuilder MapApprovalsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/approvals").WithTags("Approvals");
        var operate = group.Requiring(Policies.Operate);
        group.Requiring(Policies.Record).MapPost("/", CreateApproval)
            .WithName("CreateApproval")
            .WithSummary("Asks a human to approve one tool call with these exact arguments; approved at once when a standing rule covers it.");
        group.Requiring(Policies.Observe).MapGet("/{id}", GetApproval)
            .WithName("GetApproval").WithSummary("Returns an approval; with ?wait=<ms>, long-polls until it is decided.");
        group.Requiring(Policies.Read).MapGet("/", ListApprovals)
            .WithName("ListApprovals").WithSummary("Lists approvals, newest first.");
        operate.MapPost("/{id}/approve", Approve)
            .WithName("Approve").WithSummary("Approves a pending request.");
        operate.MapPost("/{id}/deny", Deny)
            .WithName("Deny").WithSummary("Denies a pending request.");
        operate.MapPost("/rules", CreateRule)
            .WithName("CreateApprovalRule").WithSummary("Adds a standing rule that approves matching calls until it expires.");
        return app;
    }

    private static async Task<Results<Created<Approval>, Ok<Approval>, ValidationProblem, ProblemHttpResult>> CreateApproval(
        ApprovalRequest request,
        ApprovalStore approvals,
        RegistryStore registry,
        IOptions<ControlOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = ApprovalValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!Caller.From(http.User).MayActFor(request.AgentId))
        {
            return Problems.Forbidden($"This key may not ask approvals for agent '{request.AgentId}'.");
        }

        if (await FindToolAsync(registry, request.AgentId, request.Tool, cancellationToken) is { } missing)
        {
            return Problems.NotFound(missing);
        }

        var result = await approvals.CreateAsync(request, options.Value.ApprovalTimeout, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Created when result.Value!.Status == ApprovalStatus.Pending => TypedResults.Created($"/api/v1/approvals/{result.Value.Id}", result.Value),
            WriteStatus.Created or WriteStatus.Existing => TypedResults.Ok(result.Value!),
            _ => Problems.Refused(result),
        };
    }

    private static async Task<Results<Ok<Approval>, ValidationProblem, ProblemHttpResult>> GetApproval(
        string id,
        int? wait,
        ApprovalStore approvals,
        ApprovalWaiters waiters,
        TimeProvider time,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (wait is < 0 or > MaxWaitMs)
        {
            var errors = new ValidationErrors();
            errors.Add("wait", $"must be between 0 and {MaxWaitMs} milliseconds");
            return Problems.Invalid(errors);
        }

        var caller = Caller.From(http.User);
        var approval = await approvals.GetAsync(id, cancellationToken);

        // An agent key learns nothing about other agents' approvals, not even that they exist.
        if (approval is null || (caller.Role == Roles.Agent && !caller.MayActFor(approval.AgentId)))
        {
            return Problems.NotFound($"Approval '{id}' does not exist.");
        }

        if (approval.Status == ApprovalStatus.Pending && wait is > 0)
        {
            var untilExpiry = approval.ExpiresAt - time.GetUtcNow();
            var timeout = TimeSpan.FromMilliseconds(wait.Value) < untilExpiry ? TimeSpan.FromMilliseconds(wait.Value) : untilExpiry;
            if (timeout > TimeSpan.Zero)
            {
                await waiters.WaitAsync(id, timeout, cancellationToken);
            }

            approval = await approvals.GetAsync(id, cancellationToken) ?? approval;
        }

        return TypedResults.Ok(approval);
    }

    private static async Task<Results<Ok<IReadOnlyList<Approval>>, ValidationProblem>> ListApprovals(
        ApprovalStore approvals,
        string? status,
        string? agent,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        if (!QueryEnum.TryParse<ApprovalStatus>("status", status, out var parsed, out var invalid))
        {
            return Problems.Invalid(invalid);
        }

        return TypedResults.Ok(await approvals.ListAsync(parsed, agent, size, cancellationToken));
    }

    private static Task<Results<Ok<Approval>, ValidationProblem, ProblemHttpResult>> Approve(
        string id, OperatorDecision decision, ApprovalStore approvals, ApprovalWaiters waiters, IncidentTimeline timeline, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: true, decision, approvals, waiters, timeline, http, cancellationToken);

    private static Task<Results<Ok<Approval>, ValidationProblem, ProblemHttpResult>> Deny(
        string id, OperatorDecision decision, ApprovalStore approvals, ApprovalWaiters waiters, IncidentTimeline timeline, HttpContext http, CancellationToken cancellationToken) =>
        DecideAsync(id, approve: false, decision, approvals, waiters, timeline, http, cancellationToken);

    private static async Task<Results<Ok<Approval>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string id,
        bool approve,
        OperatorDecision decision,
        ApprovalStore approvals,
        ApprovalWaiters waiters,
        IncidentTimeline timeline,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = decision.Validate();
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await timeline.RefuseUnknownAsync(decision.IncidentId, cancellationToken) is { } unknownIncident)
        {
            return Problems.NotFound(unknownIncident);
        }

        var actor = Caller.From(http.User).Actor;
        var result = await approvals.DecideAsync(
            id,
            approve,
            actor,
            decision,
            approval => decision.Entry(TimelineKind.Approval, actor, $"{(approve ? "approved" : "denied")} {approval.Tool} for agent {approval.AgentId} (approval {approval.Id})", approval),
            cancellationToken);
        if (result.Status != WriteStatus.Created)
        {
            return Problems.Refused(result);
        }

        waiters.Signal(id);
        return TypedResults.Ok(result.Value!);
    }

    private static async Task<Results<Created<ApprovalRule>, ValidationProblem, ProblemHttpResult>> CreateRule(
        StandingRuleRequest request,
        ApprovalStore approvals,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = ApprovalValidator.Validate(request);
        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (await FindToolAsync(registry, request.AgentId, request.Tool, cancellationToken) is { } missing)
        {
            return Problems.NotFound(missing);
        }

        var rule = await approvals.CreateRuleAsync(request, Caller.From(http.User).Actor, cancellationToken);
        return TypedResults.Created((string?)null, rule);
    }

    /// <summary>Why the agent or tool cannot be found, or <see langword="null"/> when both are registered.</summary>
    private static async Task<string?> FindToolAsync(RegistryStore registry, string agentId, string tool, CancellationToken cancellationToken) =>
        await registry.GetAsync(agentId, cancellationToken) switch
        {
            null => $"Agent '{agentId}' is not registered.",
            { } agent when agent.FindTool(tool) is null => $"Agent '{agentId}' has no tool '{tool}'.",
            _ => null,
        };
}
