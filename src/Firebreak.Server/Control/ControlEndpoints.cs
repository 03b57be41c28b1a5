using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
using Firebreak.Server.Ledger;
using Firebreak.Server.Registry;
using Firebreak.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Firebreak.Server.Control;

internal static class ControlEndpoints
{
    /// <summary>The longest confirmation wait a request may ask for.</summary>
    public const int MaxWaitMs = 30_000;

    private const int MaxLabelLength = 128;

    public static IEndpointRouteBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/control").WithTags("Control");
        group.MapPost("/changes", ChangeControl)
            .WithName("ChangeControl")
            .WithSummary("Changes containment, pushes it to every enforcement point and reports which confirmed. Operators only: an agent can never lift its own kill.")
            .RequireAuthorization(Policies.Operate);
        group.MapGet("/changes", ListChanges)
            .WithName("ListControlChanges").WithSummary("Lists control changes, newest first.")
            .RequireAuthorization(Policies.Read);
        group.MapGet("/snapshot", GetSnapshot)
            .WithName("GetControlSnapshot").WithSummary("Returns the current control snapshot; an agent key sees only its own agent's view.")
            .RequireAuthorization(Policies.Observe);
        group.MapGet("/stream", Stream)
            .WithName("ControlStream").WithSummary("Server-sent events: snapshots, heartbeats and redeliveries for enforcement points and the console.")
            .RequireAuthorization(Policies.Observe);
        group.MapPost("/ack", Acknowledge)
            .WithName("AcknowledgeControl").WithSummary("An enforcement point acknowledges that it swapped in a snapshot epoch.")
            .RequireAuthorization(Policies.Record);
        app.MapGet("/api/v1/enforcement-points", ListPoints)
            .WithTags("Control")
            .WithName("ListEnforcementPoints").WithSummary("Lists the enforcement points connected to this node and their lease state.")
            .RequireAuthorization(Policies.Read);
        return app;
    }

    private static async Task<Results<Ok<ControlChangeResult>, ValidationProblem, ProblemHttpResult>> ChangeControl(
        ControlChangeRequest request,
        int? wait,
        ControlPlane plane,
        IOptions<ControlOptions> options,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        if (wait is < 0 or > MaxWaitMs)
        {
            var errors = new ValidationErrors();
            errors.Add("wait", $"must be between 0 and {MaxWaitMs} milliseconds");
            return Problems.Invalid(errors);
        }

        var timeout = wait is { } ms ? TimeSpan.FromMilliseconds(ms) : options.Value.ConfirmationTimeout;
        var outcome = await plane.ApplyAsync(request, Caller.From(http.User), timeout, cancellationToken);
        if (outcome.Invalid is { } invalid)
        {
            return Problems.Invalid(invalid);
        }

        return outcome.Result is { } result ? TypedResults.Ok(result) : Problems.NotFound(outcome.NotFound!);
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordedControlChange>>, ValidationProblem>> ListChanges(
        ControlStore store,
        string? agent,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > RunsEndpoints.MaxPageSize)
        {
            var errors = new ValidationErrors();
            errors.Add("limit", $"must be between 1 and {RunsEndpoints.MaxPageSize}");
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(await store.ListAsync(agent, limit ?? 50, cancellationToken));
    }

    private static Results<Ok<ControlSnapshot>, ProblemHttpResult> GetSnapshot(string? agent, ControlPlane plane, HttpContext http)
    {
        if (!TryResolveAgent(Caller.From(http.User), agent, out var agentId, out var forbidden))
        {
            return forbidden;
        }

        return TypedResults.Ok(ControlPlane.ViewFor(plane.Current, agentId));
    }

    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Stream(
        string? pointId,
        string? agent,
        string? version,
        string? host,
        ControlStream stream,
        EnforcementPoints points,
        RegistryStore registry,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (pointId is not null)
        {
            errors.Required("pointId", pointId, MaxLabelLength);
        }

        errors.MaxLength("version", version, MaxLabelLength);
        errors.MaxLength("host", host, MaxLabelLength);
        if (agent is not null && !AgentValidator.IsSlug(agent))
        {
            errors.Add("agent", "must be an agent id (slug)");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        if (!TryResolveAgent(Caller.From(http.User), agent, out var agentId, out var forbidden))
        {
            return forbidden;
        }

        if (agentId is not null && await registry.GetAsync(agentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{agentId}' is not registered.");
        }

        var point = pointId is null ? null : points.Connect(pointId, agentId, host, version);
        await stream.RunAsync(http, agentId, point, cancellationToken);
        return TypedResults.Empty;
    }

    private static Results<NoContent, ValidationProblem, ProblemHttpResult> Acknowledge(
        ControlAck request,
        EnforcementPoints points,
        ControlPlane plane,
        HttpContext http)
    {
        var errors = new ValidationErrors();
        errors.Required("pointId", request.PointId, MaxLabelLength);
        if (request.Epoch < 0 || request.Epoch > plane.Current.Epoch)
        {
            errors.Add("epoch", $"must be a control epoch this node has sent (0 to {plane.Current.Epoch})");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        // Points live on the node that serves their stream; an ack sent elsewhere finds nothing.
        if (points.Find(request.PointId) is not { } point)
        {
            return Problems.NotFound($"Enforcement point '{request.PointId}' has no stream open on this node.");
        }

        var caller = Caller.From(http.User);
        if (point.AgentId is null ? caller.Role != Roles.Operator : !caller.MayActFor(point.AgentId))
        {
            return Problems.Forbidden($"This key may not acknowledge for enforcement point '{request.PointId}'.");
        }

        points.Acknowledge(point, request.Epoch);
        return TypedResults.NoContent();
    }

    private static Ok<IReadOnlyList<EnforcementPointInfo>> ListPoints(EnforcementPoints points) => TypedResults.Ok(points.List());

    /// <summary>Operators and viewers may look at any agent or all; an agent key only at its own, which is also its default.</summary>
    private static bool TryResolveAgent(Caller caller, string? requested, out string? agentId, out ProblemHttpResult forbidden)
    {
        forbidden = null!;
        agentId = requested;
        if (caller.Role != Roles.Agent)
        {
            return true;
        }

        agentId = requested ?? caller.AgentId;
        if (agentId is not null && string.Equals(agentId, caller.AgentId, StringComparison.Ordinal))
        {
            return true;
        }

        forbidden = Problems.Forbidden($"This key may only see the control state of agent '{caller.AgentId}'.");
        return false;
    }
}
