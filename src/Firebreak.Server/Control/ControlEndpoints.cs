using System.Globalization;
using Firebreak.Control;
using Firebreak.Registry;
using Firebreak.Server.Auth;
using Firebreak.Server.Http;
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
        var observe = group.Requiring(Policies.Observe);
        group.Requiring(Policies.Operate).MapPost("/changes", ChangeControl)
            .WithName("ChangeControl")
            .WithSummary("Changes containment, pushes it to every enforcement point and reports which confirmed. Operators only: an agent can never lift its own kill.");
        group.Requiring(Policies.Read).MapGet("/changes", ListChanges)
            .WithName("ListControlChanges").WithSummary("Lists control changes, newest first.");
        observe.MapGet("/snapshot", GetSnapshot)
            .WithName("GetControlSnapshot").WithSummary("Returns the current control snapshot; an agent key sees only its own agent's view.");
        observe.MapGet("/stream", Stream)
            .WithName("ControlStream").WithSummary("Server-sent events: snapshots, heartbeats and redeliveries for enforcement points and the console.");
        group.Requiring(Policies.Record).MapPost("/ack", Acknowledge)
            .WithName("AcknowledgeControl").WithSummary("An enforcement point acknowledges that it swapped in a snapshot epoch.");
        app.MapGet("/api/v1/enforcement-points", ListPoints)
            .WithTags("Control")
            .WithName("ListEnforcementPoints").WithSummary("Lists the enforcement points of every node, the node each is connected to, and their lease state.")
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
        return outcome.Answer(TypedResults.Ok);
    }

    private static async Task<Results<Ok<IReadOnlyList<RecordedControlChange>>, ValidationProblem>> ListChanges(
        ControlStore store,
        string? agent,
        int? limit,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryRead(limit, out var size, out var invalidLimit))
        {
            return Problems.Invalid(invalidLimit);
        }

        return TypedResults.Ok(await store.ListAsync(agent, size, cancellationToken));
    }

    private static Results<Ok<ControlSnapshot>, ProblemHttpResult> GetSnapshot(string? agent, ControlPlane plane, HttpContext http)
    {
        if (!TryResolveAgent(Caller.From(http.User), agent, out var agentId, out var forbidden))
        {
            return forbidden;
        }

        return TypedResults.Ok(ControlPlane.ViewFor(plane.Current, agentId));
    }

    /// <summary>
    /// Opens a control stream. With <paramref name="pointId"/> the stream also registers an enforcement point that
    /// control changes wait for, owned by the calling key (see <see cref="EnforcementPoints"/>): operators may register
    /// a point for any agent or for every agent, an agent key only for its own agent, and a viewer key never (it may
    /// watch the stream without a point id). A point id that another key holds is refused with 403 and left untouched.
    /// </summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem, ProblemHttpResult>> Stream(
        string? pointId,
        string? agent,
        string? version,
        string? host,
        ControlStream stream,
        ControlStreamSlots slots,
        ControlPlane plane,
        EnforcementPoints points,
        RegistryStore registry,
        IOptions<ControlOptions> options,
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

        var caller = Caller.From(http.User);
        if (!TryResolveAgent(caller, agent, out var agentId, out var forbidden))
        {
            return forbidden;
        }

        if (pointId is not null && (agentId is null ? caller.Role != Roles.Operator : !caller.MayActFor(agentId)))
        {
            return Problems.Forbidden(caller.Role == Roles.Viewer
                ? "A viewer key may watch the control stream but is never an enforcement point: leave out pointId."
                : $"This key may not register an enforcement point for {(agentId is null ? "every agent" : $"agent '{agentId}'")}.");
        }

        if (agentId is not null && await registry.GetAsync(agentId, cancellationToken) is null)
        {
            return Problems.NotFound($"Agent '{agentId}' is not registered.");
        }

        var admission = slots.TryOpen(caller.KeyId, out var slot);
        if (admission != ControlStreamAdmission.Opened)
        {
            return RefuseStream(admission, options.Value, http);
        }

        using (slot)
        {
            EnforcementPoint? point = null;
            if (pointId is not null)
            {
                // A stream that resumes from an epoch holds it: only the point's owner can open its stream.
                var resumed = ControlStream.LastEventId(http.Request) is { } last && last <= plane.Current.Epoch ? last : 0;
                (var registration, point) = await points.ConnectAsync(pointId, caller.KeyId, agentId, host, version, resumed, cancellationToken);
                if (registration != PointRegistration.Connected)
                {
                    return RefusePoint(registration, pointId, options.Value, http);
                }
            }

            await stream.RunAsync(http, agentId, point, cancellationToken);
            return TypedResults.Empty;
        }
    }

    /// <summary>
    /// Records an acknowledgement, only from the key that owns the point: no other key can confirm a change for it. Any
    /// node takes it, whichever node serves the point's stream.
    /// </summary>
    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Acknowledge(
        ControlAck request,
        EnforcementPoints points,
        ControlPlane plane,
        HttpContext http,
        CancellationToken cancellationToken)
    {
        // The point may be on a node that sent an epoch this one has not loaded yet.
        if (request.Epoch > plane.Current.Epoch)
        {
            await plane.ReloadAsync(cancellationToken);
        }

        var errors = new ValidationErrors();
        errors.Required("pointId", request.PointId, MaxLabelLength);
        if (request.Epoch < 0 || request.Epoch > plane.Current.Epoch)
        {
            errors.Add("epoch", $"must be a control epoch that was sent (0 to {plane.Current.Epoch})");
        }

        if (!errors.IsValid)
        {
            return Problems.Invalid(errors);
        }

        return await points.AcknowledgeAsync(request.PointId, Caller.From(http.User).KeyId, request.Epoch, cancellationToken) switch
        {
            AckOutcome.Acknowledged => TypedResults.NoContent(),
            AckOutcome.Forbidden => Problems.Forbidden($"Enforcement point '{request.PointId}' belongs to another key."),
            _ => Problems.NotFound($"Enforcement point '{request.PointId}' is not registered."),
        };
    }

    private static ProblemHttpResult RefuseStream(ControlStreamAdmission admission, ControlOptions options, HttpContext http)
    {
        // Guards reconnect with backoff; a slot frees as soon as any of the key's streams closes.
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.LeaseTtl.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return admission == ControlStreamAdmission.KeyFull
            ? TypedResults.Problem(
                type: "https://www.rfc-editor.org/rfc/rfc6585#section-4",
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many control streams for this key",
                detail: $"This key holds {options.MaxStreamsPerKey} open control streams on this node; close one or try again later.")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Too many control streams",
                detail: $"This node holds {options.MaxStreams} open control streams; try again when one closes.");
    }

    private static ProblemHttpResult RefusePoint(PointRegistration registration, string pointId, ControlOptions options, HttpContext http)
    {
        if (registration == PointRegistration.Reserved)
        {
            return Problems.Forbidden($"Enforcement point ids starting with '{EnforcementPoints.GatewayPointPrefix}' belong to the server's MCP gateways.");
        }

        if (registration == PointRegistration.OwnedByAnotherKey)
        {
            return Problems.Forbidden($"Enforcement point '{pointId}' belongs to another key.");
        }

        // A slot frees as soon as any point disconnects; SDKs retry with backoff either way.
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.LeaseTtl.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many enforcement points",
            detail: $"This node holds {options.MaxPoints} connected enforcement points; try again when one disconnects.");
    }

    private static async Task<Ok<IReadOnlyList<EnforcementPointInfo>>> ListPoints(EnforcementPoints points, CancellationToken cancellationToken) =>
        TypedResults.Ok(await points.ListAsync(cancellationToken));

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
